import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { redactCardNumbers } from '../../src/report/redact'

describe('card-number redaction', () => {
  it('masks a full card number but its last four digits', () => {
    assert.equal(redactCardNumbers('PAN 4761739001010010 ok'), 'PAN ************0010 ok')
  })
  it('masks numbers written in groups', () => {
    assert.equal(redactCardNumbers('5413 3300 8960 0010'), '************0010')
  })
  it('leaves numbers that are not card numbers (Luhn fails, too short) alone', () => {
    assert.equal(redactCardNumbers('STAN 000311 amount 1875 ref 4761739001010011'), 'STAN 000311 amount 1875 ref 4761739001010011')
  })
  it('leaves already masked numbers alone', () => {
    assert.equal(redactCardNumbers('************0010'), '************0010')
  })
})
