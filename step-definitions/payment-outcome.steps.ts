import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { failedPaymentPrints, firstAttemptWithoutHost, refusalShown } from '../support/checkout-facts'
import { paymentsSent } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

// How a payment that did not simply go through ended, as the cashier, the sale and the journal show it.

const SHOWN: Record<string, string> = { declined: 'Payment declined', cancelled: 'Payment cancelled' }

Then('no printed ticket shows the payment as approved, and every ticket printed is the terminal\'s own, unchanged', function (this: CertificationWorld) {
  expect(failedPaymentPrints(this), 'what was printed for the failed payment').to.deep.equal({ approvedTickets: 0, customerTicketsAsSent: true, merchantTicketsAsSent: true })
})

Then('the cashier sees the payment as {word}', function (this: CertificationWorld, shown: string) {
  expect(this.seen.current[0], 'what the cashier sees at the end').to.equal(SHOWN[shown])
})

Then('the sale stays unpaid and the journal records the failed attempt', function (this: CertificationWorld) {
  expect(this.firstSaleOpen(), 'sale still open').to.equal(true)
  expect(this.seen.journal.map((e) => ['declined', 'aborted'].includes(e.result)), 'journal entries recording a failed attempt').to.deep.equal([true])
})

Then('the sale stays open', function (this: CertificationWorld) {
  // isOpen alone holds for any sale of 0.00 or less, so it is read with what was booked against the sale.
  const { total } = this.sales[0]
  const paidOnIt = this.seen.journal.filter((e) => e.result === 'approved').length
  expect({ open: this.firstSaleOpen(), paidOnIt, stillToPay: this.seen.state.leftToPay }, 'the sale').to.deep.equal({ open: true, paidOnIt: 0, stillToPay: { minor: Math.max(0, total.minor), currency: total.currency } })
})

Then(/^the journal holds the payment of (\d+\.\d{2}) EUR once, (approved|declined)$/, function (this: CertificationWorld, euros: string, result: string) {
  const minor = Math.round(Number(euros) * 100)
  const entries = this.seen.journal.filter((e) => e.amount?.minor === minor)
  expect(entries.map((e) => e.result), `journal entries for ${euros} EUR`).to.deep.equal([result])
})

Then('the first attempt was shown as not completed for lack of the payment host, not as declined', function (this: CertificationWorld) {
  const { status, reason, shown } = firstAttemptWithoutHost(this)
  expect({ status, reason, shown }, 'how the register concluded and showed the first attempt').to.deep.equal({ status: 'timed out', reason: 'host not reachable', shown: ['Payment timed out | 10.00 EUR, host not reachable'] })
})

Then('the first attempt printed no approval receipt, was journaled as failed and was not retried', function (this: CertificationWorld) {
  const { approvalReceipts, journal, paymentsBeforeTryingAgain } = firstAttemptWithoutHost(this)
  expect({ approvalReceipts, journal, paymentsBeforeTryingAgain }, 'receipts, journal and retries of the first attempt').to.deep.equal({ approvalReceipts: 0, journal: 'timed out', paymentsBeforeTryingAgain: 1 })
})

Then('the cashier is told within {int} seconds that the terminal cannot take the payment now', function (this: CertificationWorld, seconds: number) {
  const { reportedAsUnavailable, msFromRefusalToScreen } = refusalShown(this)
  expect({ reportedAsUnavailable, toldInTime: typeof msFromRefusalToScreen === 'number' && msFromRefusalToScreen <= seconds * 1000 }, `outcome and how fast it was shown (${msFromRefusalToScreen} ms)`).to.deep.equal({ reportedAsUnavailable: true, toldInTime: true })
})

Then('the register did not retry by itself and has no payment in flight', function (this: CertificationWorld) {
  // A switched-off terminal refuses the connection, so nothing reaches the wire: one attempt at most.
  expect({ attempts: this.seen.journal.length, sentAtMostOnce: paymentsSent(this.rig.log).length <= 1, inFlight: this.seen.inFlight() }, 'attempts, payments sent and payments in flight')
    .to.deep.equal({ attempts: 1, sentAtMostOnce: true, inFlight: [] })
})

Then('the sale stays open with nothing printed', function (this: CertificationWorld) {
  expect(this.firstSaleOpen(), 'sale still open').to.equal(true)
  expect([...this.seen.receipts, ...this.seen.merchantCopies], 'tickets printed').to.deep.equal([])
})

