import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatDecimal, parseDecimal } from '../../src/opi/money'

describe('money', () => {
  for (const [text, minor] of [['0.01', 1], ['10.00', 1000], ['39.5', 3950], ['7', 700], ['99999.99', 9999999], ['-1.00', -100]] as const) {
    it(`reads ${text} as ${minor} cents`, () => assert.equal(parseDecimal(text).minor, minor))
  }
  for (const bad of ['1,00', '1.000,00', '1,000.00', '1.001', '', 'ten', '1e3', '.5']) {
    it(`refuses "${bad}"`, () => assert.throws(() => parseDecimal(bad), /plain decimal/))
  }
  for (const [minor, text] of [[1, '0.01'], [1000, '10.00'], [123456, '1234.56'], [-100, '-1.00'], [0, '0.00']] as const) {
    it(`writes ${minor} cents as ${text}`, () => assert.equal(formatDecimal({ minor, currency: 'EUR' }), text))
  }
})
