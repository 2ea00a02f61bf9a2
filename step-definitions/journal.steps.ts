import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the journal holds one approved payment of {amount} with the terminal\'s record', function (this: CertificationWorld, amount: Money) {
  const [entry, ...more] = this.seen.journal
  expect({ count: 1 + more.length, result: entry?.result, amount: entry?.amount, approvalCode: Boolean(entry?.approvalCode) }).to.deep.equal({ count: 1, result: 'approved', amount, approvalCode: true })
  expect(entry.terminalRecord, 'the terminal\'s e-journal record, stored unchanged').to.deep.equal(outputsSentTo(this.rig.log, 'E-Journal').flatMap((o) => o.lines)).and.have.length.above(0)
})

Then('the journal holds one declined payment of {amount}', function (this: CertificationWorld, amount: Money) {
  const entries = this.seen.journal
  expect(entries.map((e) => ({ result: e.result, amount: e.amount, approvalCode: e.approvalCode })), 'journal entries').to.deep.equal([{ result: 'declined', amount, approvalCode: undefined }])
})

Then('the journal holds one cancelled payment of {amount}', function (this: CertificationWorld, amount: Money) {
  const entries = this.seen.journal
  expect(entries.map((e) => ({ result: e.result, amount: e.amount, approvalCode: e.approvalCode })), 'journal entries for the cancelled payment').to.deep.equal([{ result: 'aborted', amount, approvalCode: undefined }])
})

Then('nothing is printed or journaled', function (this: CertificationWorld) {
  const { receipts, merchantCopies, journal } = this.seen
  expect({ receipts: receipts.length + merchantCopies.length, journal: journal.length }, 'receipts printed and journal entries').to.deep.equal({ receipts: 0, journal: 0 })
})

Then('the journal holds exactly the approved payments of {amount} and {amount}', function (this: CertificationWorld, first: Money, second: Money) {
  const entries = this.seen.journal.map((e) => ({ result: e.result, amount: e.amount, hasTerminalRecord: e.terminalRecord.length > 0 }))
  expect(entries, 'journal entries').to.deep.equal([first, second].map((amount) => ({ result: 'approved', amount, hasTerminalRecord: true })))
})
