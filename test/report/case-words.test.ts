import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { expect } from 'chai'
import { inCaseWords, speakInCaseWords } from '../../src/report/case-words'
import { money } from '../../src/opi/money'

const failure = (check: () => void) => {
  try {
    check()
  } catch (e) {
    return (e as Error).message
  }
  return 'no failure'
}

describe('assertion messages in the words of the case', () => {
  speakInCaseWords()
  it('prints amounts as 10.00 EUR in the expected and the actual value', () => {
    const message = failure(() => expect([money(1000)], 'approved on the test host').to.deep.equal([money(2000)]))
    assert.equal(message, "approved on the test host: expected [ '10.00 EUR' ] to deeply equal [ '20.00 EUR' ]")
  })
  it('rewrites amounts inside records, and leaves other values as they are', () => {
    assert.deepEqual(inCaseWords([{ amount: money(-550), circuit: 'MAES', minor: 3 }]), [{ amount: '-5.50 EUR', circuit: 'MAES', minor: 3 }])
  })
  it('still compares the values themselves, not their words', () => {
    assert.equal(failure(() => expect([money(1000)]).to.deep.equal([money(1000)])), 'no failure')
    assert.match(failure(() => expect(money(1000)).to.deep.equal({ minor: 1000, currency: 'USD' })), /10\.00 EUR.*10\.00 USD/)
  })
})
