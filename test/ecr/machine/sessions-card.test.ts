import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sameCard } from '../../../src/ecr/machine/sessions'

describe('recognising the card that started a session', () => {
  it('goes by the terminal\'s card token when both sides have one', () => {
    const started = { cardToken: 'TK1', cardCircuit: 'ECMC', maskedPan: '************0010' }
    assert.equal(sameCard(started, { cardToken: 'TK1', cardCircuit: 'ECMC', maskedPan: '************0010' }), true)
    // Same scheme, same last four digits, another card: only the token tells them apart.
    assert.equal(sameCard(started, { cardToken: 'TK2', cardCircuit: 'ECMC', maskedPan: '************0010' }), false)
  })

  it('falls back to scheme and masked number for a terminal that sends no token', () => {
    assert.equal(sameCard({ cardCircuit: 'VISA', maskedPan: '****0010' }, { cardCircuit: 'VISA', maskedPan: '****0010' }), true)
    assert.equal(sameCard({ cardCircuit: 'VISA', maskedPan: '****0010' }, { cardCircuit: 'ECMC', maskedPan: '****0010' }), false)
  })
})
