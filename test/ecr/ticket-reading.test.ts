import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readTicket } from '../../src/ecr/ticket-reading'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { receiptLines } from '../../src/terminal/receipts'

const facts = {
  copy: 'CUSTOMER COPY' as const, terminalId: '1', merchant: 'SHOP', atMs: Date.UTC(2026, 0, 15, 9, 0, 7), card: cardProfile('Maestro'),
  entry: 'chip' as const, amount: money(2000), stan: '000001', actionCode: '0', testHost: true,
}

describe('reading a reprinted ticket', () => {
  it('reads an approved ticket: amount, time and approval code', () => {
    assert.deepEqual(readTicket(['*** COPY ***', ...receiptLines({ ...facts, approved: true, approvalCode: 'AB12CD' })]), {
      approved: true, amount: money(2000), atMs: Date.UTC(2026, 0, 15, 9, 0, 7), approvalCode: 'AB12CD',
    })
  })

  it('reads a declined ticket as declined', () => {
    assert.equal(readTicket(receiptLines({ ...facts, approved: false, actionCode: '05' }))?.approved, false)
  })

  it('makes nothing of a ticket that says neither', () => {
    assert.equal(readTicket(['SHOP', 'Amount      EUR 20.00']), undefined)
  })
})
