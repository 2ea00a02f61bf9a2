import { Then, When, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, parseDecimal, type Money } from '../src/opi/money'
import { cardProfile } from '../src/terminal/cards'
import { paymentsSent } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

const euros = (text: string): Money => parseDecimal(text.replace(/ EUR$/, ''))

When('the cashier splits a bill of {amount} over these card payments:', async function (this: CertificationWorld, total: Money, parts: DataTable) {
  await this.splitBill(total, parts.hashes().map((p) => ({ card: cardProfile(p.card), amount: euros(p.amount), declined: p.issuer === 'declines' })))
})

Then('the register refused the part larger than what was left to pay, before asking the terminal', function (this: CertificationWorld) {
  const refused = this.splitParts.filter((p) => p.outcome.status === 'refused by register')
  expect(refused.map((p) => describeMoney(p.amount)), 'parts the register refused').to.deep.equal(['25.00 EUR'])
  expect(paymentsSent(this.rig.log).map((r) => r.request.totalAmount), 'amounts sent to the terminal').to.not.deep.include(refused[0].amount)
})

Then('each other part was a separate payment for exactly its amount', function (this: CertificationWorld) {
  const sent = paymentsSent(this.rig.log)
  expect({ amounts: sent.map((r) => r.request.totalAmount), distinctPayments: new Set(sent.map((r) => r.request.requestId)).size }, 'payments asked of the terminal, in order')
    .to.deep.equal({ amounts: this.splitParts.filter((p) => p.outcome.status !== 'refused by register').map((p) => p.amount), distinctPayments: 3 })
})

Then('after each part the cashier saw what was left to pay:', function (this: CertificationWorld, table: DataTable) {
  const seen = table.hashes().map((row) => this.splitParts[Number(row.part) - 1].shown.at(-1))
  expect(seen, 'the last line on the register after each part').to.deep.equal(table.hashes().map((row) => `Left to pay ${row['left to pay']}`))
})

Then('the bill closed only after the last part', function (this: CertificationWorld) {
  expect(this.splitParts.map((p) => p.openAfter), 'bill still open after each part').to.deep.equal([true, true, true, false])
})

Then('each part has its own receipt and journal entry: approved, declined, approved', function (this: CertificationWorld) {
  const entries = this.seen.journal
  expect(entries.map((e) => e.result), 'journal entries, in order').to.deep.equal(['approved', 'declined', 'approved'])
  expect(this.seen.receipts.map((r) => r.requestId), 'customer receipts, one per payment').to.deep.equal(entries.map((e) => e.requestId))
})
