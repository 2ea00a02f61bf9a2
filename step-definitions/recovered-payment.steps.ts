import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

// A payment settled after its answer was lost, read against what the terminal itself printed.

/** Approval codes on the tickets the terminal sent to the register's printers ("APPROVED    8GMC5T"). */
function approvalCodesOnTickets(w: CertificationWorld): string[] {
  const lines = [...outputsSentTo(w.rig.log, 'Printer'), ...outputsSentTo(w.rig.log, 'JournalPrinter')].flatMap((o) => o.lines)
  return [...new Set(lines.flatMap((line) => /^APPROVED\s+(\S+)/.exec(line)?.slice(1) ?? []))]
}

Then('the journal holds the payment of {amount} once, {word}, with the approval code on the terminal\'s ticket', function (this: CertificationWorld, amount: Money, result: string) {
  const entries = this.seen.journal.map((e) => ({ amount: e.amount, result: e.result, approvalCode: e.approvalCode }))
  const codes = approvalCodesOnTickets(this)
  expect({ entries, codesOnTickets: codes.length }, 'the journal, against the tickets the terminal sent')
    .to.deep.equal({ entries: [{ amount, result, approvalCode: codes[0] }], codesOnTickets: result === 'approved' ? 1 : 0 })
})

Then('the sale is still open', function (this: CertificationWorld) {
  const { state } = this.seen
  expect({ open: state.saleOpen, stillToPay: state.leftToPay }, 'the sale').to.deep.equal({ open: true, stillToPay: this.sales[0].total })
})

Then('the journal holds {int} approved payments of {amount}, each under its own request and with the approval code on its own ticket', function (this: CertificationWorld, count: number, amount: Money) {
  const entries = this.seen.journal
  const codes = approvalCodesOnTickets(this)
  expect({ entries: entries.map((e) => ({ amount: e.amount, result: e.result, approvalCode: e.approvalCode })), requests: new Set(entries.map((e) => e.requestId)).size }, 'the journal, against the tickets the terminal sent, in order')
    .to.deep.equal({ entries: codes.map((approvalCode) => ({ amount, result: 'approved', approvalCode })), requests: count })
  expect(codes, 'approval codes on the tickets').to.have.lengthOf(count)
})

Then('the host has authorised {amount} {int} times, once for each payment', async function (this: CertificationWorld, amount: Money, count: number) {
  await this.expectHostApprovals(Array.from({ length: count }, () => ({ amount })))
})

Then('the journal holds the payment of {amount} as approved and the payment of {amount} after it as not paid', function (this: CertificationWorld, earlier: Money, lost: Money) {
  const entries = this.seen.journal.map((e) => ({ amount: e.amount, result: e.result }))
  expect(entries, 'the journal, in order').to.deep.equal([{ amount: earlier, result: 'approved' }, { amount: lost, result: 'not paid' }])
})

Then('the sale of {amount} stays open with all of it still to pay', function (this: CertificationWorld, amount: Money) {
  const { state } = this.seen
  expect({ open: state.saleOpen, stillToPay: state.leftToPay }, 'the sale').to.deep.equal({ open: true, stillToPay: amount })
})
