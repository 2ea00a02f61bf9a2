import { Given, Then, When, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import { parseDecimal, type Money } from '../src/opi/money'
import { redactCardNumbers } from '../src/report/redact'
import { cardProfile } from '../src/terminal/cards'
import { outputsSentTo, terminalIdOnTheWire } from '../support/observations'
import { storedEntries, storedReceiptFacts } from '../support/journal-facts'
import { deviceAnswersFor, paymentsSent } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

// The register's durable journal, read back as a manager would after a restart.

const euros = (text: string) => parseDecimal(text.replace(/ EUR$/, ''))

Given('the cashier has taken these card payments:', async function (this: CertificationWorld, table: DataTable) {
  for (const row of table.hashes()) await this.takeEarlierPaymentWith(euros(row.amount), row.cardholder === 'presses Stop' ? 'stop' : cardProfile(/with an? (\S+) card/.exec(row.cardholder)![1]))
})

Given('the cashier has taken card payments of {amount} and {amount} in the first shift', async function (this: CertificationWorld, first: Money, second: Money) {
  for (const amount of [first, second]) await this.takeEarlierPayment(amount)
})

Given('the next day the cashier has taken a card payment of {amount} in the second shift', async function (this: CertificationWorld, amount: Money) {
  await this.startNextDayAndShift()
  await this.takeEarlierPayment(amount)
})

When('the manager reads the journal receipts of the first shift after restarting the register', async function (this: CertificationWorld) {
  await this.restartRegister()
  this.readJournalReceipts(1)
})

Then('the journal read back after the restart holds exactly these payments:', function (this: CertificationWorld, table: DataTable) {
  const entries = this.seen.journal.map((e) => ({ amount: e.amount, result: e.result }))
  expect(entries, 'journal entries read back from the database').to.deep.equal(table.hashes().map((row) => ({ amount: euros(row.amount), result: row.result })))
})

Then('each entry keeps the terminal\'s record exactly as sent, with its time, terminal and result', function (this: CertificationWorld) {
  const entries = storedEntries(this)
  expect(entries, 'what the database holds per payment').to.deep.equal(entries.map((e) => ({ ...e, recordAsSent: true, timed: true, terminal: terminalIdOnTheWire(this.rig.log) ?? 'no terminal id on the wire' })))
})

Then('every record the terminal sent was confirmed only once it was stored', function (this: CertificationWorld) {
  // The order, not only the end state: the database file is read at the moment each confirmation reaches the terminal.
  const atEachConfirmation = this.rig.journalWrites.confirmations.map((c) => ({ record: c.requestId, answer: c.answer, inTheFile: c.inTheFile }))
  expect(atEachConfirmation, 'the register\'s database file as each confirmation reached the terminal')
    .to.deep.equal(this.rig.journalWrites.confirmations.map((c) => ({ record: c.requestId, answer: 'Success', inTheFile: c.confirmedSoFar })))
  expect({ answers: deviceAnswersFor(this.rig.log, 'E-Journal'), stored: this.seen.journal.flatMap((e) => e.terminalRecord) }, 'what the register confirmed, and what its database holds after the restart')
    .to.deep.equal({ answers: ['Success', 'Success'], stored: outputsSentTo(this.rig.log, 'E-Journal').flatMap((o) => o.lines) })
})

Then('exactly the {int} journal receipts of the first shift come back, as the terminal sent them', function (this: CertificationWorld, count: number) {
  const firstShift = paymentsSent(this.rig.log).filter((r) => r.request.posData.shiftNumber === 1).map((r) => r.request.requestId)
  const sent = outputsSentTo(this.rig.log, 'JournalPrinter').filter((o) => firstShift.includes(o.requestId.split('.')[0])).map((o) => o.lines)
  expect(this.readBack!.byShift.map((r) => r.lines), 'journal receipts read back for shift 1').to.deep.equal(sent).and.have.lengthOf(count)
})

Then('reading the journal receipts of that day gives the same receipts', function (this: CertificationWorld) {
  expect(this.readBack!.byDay, 'journal receipts read back for the first day').to.deep.equal(this.readBack!.byShift)
})

Then('each stored receipt carries its time, shift, terminal, amount and result', function (this: CertificationWorld) {
  const stored = storedReceiptFacts(this)
  expect(stored, 'what is stored with each journal receipt').to.deep.equal(stored.map(() => ({ time: true, shift: 1, terminal: terminalIdOnTheWire(this.rig.log) ?? 'no terminal id on the wire', amount: true, result: true })))
})

Then('the stored receipts show only masked card numbers', function (this: CertificationWorld) {
  const lines = this.readBack!.byShift.flatMap((r) => r.lines)
  expect(lines.filter((l) => redactCardNumbers(l) !== l), 'stored lines with a full card number').to.deep.equal([])
  expect(lines.some((l) => /Card number \*+\d{4}/.test(l)), 'a masked card number on the receipts').to.equal(true)
})
