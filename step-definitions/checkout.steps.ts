import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { cardServiceRequests, cardServiceResponses, reasonTheTerminalGave } from '../support/observations'
import { SimulatedRig } from '../support/simulated-rig'
import type { CertificationWorld } from '../support/world'

Given('the checkout is ready for card payments', async function (this: CertificationWorld) {
  await this.prepareCheckout()
})

When('the cashier takes a card payment of {amount}', async function (this: CertificationWorld, amount: Money) {
  await this.takeCardPayment(amount)
})

Then('the terminal is asked to charge exactly {amount}', function (this: CertificationWorld, amount: Money) {
  const sent = cardServiceRequests(this.rig.log).filter((s) => s.request.requestType === 'CardPayment')
  expect(sent.map((s) => s.request.totalAmount), 'amounts the register asked the terminal to charge').to.deep.equal([amount])
  expect(sent[0].xml, 'the amount as written on the wire').to.match(/<TotalAmount Currency="EUR">\d+\.\d{2}<\/TotalAmount>/)
})

Then('the sale is closed as paid by card', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('approved')
  expect(this.seen.current[0], 'what the cashier sees at the end').to.equal('Payment approved')
  expect(this.seen.state.saleOpen, 'sale still open').to.equal(false)
})

Then('the sale stays open, with the payment shown as declined and why', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('declined')
  const why = reasonTheTerminalGave(this.rig.log)
  expect(why, 'the reason the terminal gave').to.be.a('string').and.not.equal('')
  expect(this.seen.current, 'what the cashier sees at the end').to.deep.equal(['Payment declined', why])
  expect(this.seen.state.saleOpen, 'sale still open').to.equal(true)
})

Given('the cashier has taken a card payment of {amount}', async function (this: CertificationWorld, amount: Money) {
  await this.takeEarlierPayment(amount)
})

When('the cashier takes the next card payment of {amount}', async function (this: CertificationWorld, amount: Money) {
  await this.takeCardPayment(amount)
})

Then(/^the sale stays open, with the payment shown as cancelled by the (cashier|customer)$/, function (this: CertificationWorld, who: string) {
  expect(this.payment().status, 'outcome the register reported').to.equal('aborted')
  expect(this.seen.current.join(' | '), 'what the cashier sees at the end').to.match(new RegExp(`^Payment cancelled \\| .*cancelled by the ${who}`))
  expect(this.seen.state.saleOpen, 'sale still open').to.equal(true)
})

Then('the sale stays open, with the payment shown as timed out because {string}', function (this: CertificationWorld, why: string) {
  expect(this.payment().status, 'outcome the register reported').to.equal('timed out')
  expect(this.seen.current.join(' | '), 'what the cashier sees at the end').to.match(/^Payment timed out \| /).and.include(why)
  expect(this.seen.state.saleOpen, 'sale still open').to.equal(true)
})

Then('the terminal accepts the next card payment of {amount}', async function (this: CertificationWorld, amount: Money) {
  const next = await this.takeNextPaymentWithFreshCard(amount)
  // The terminal's answer as the witness saw it, not as the register reports it.
  const answer = cardServiceResponses(this.rig.log).find((r) => r.response.requestId === next.requestId)?.response.overallResult
  expect({ status: next.status, answer }, 'how the next payment ended').to.deep.equal({ status: 'approved', answer: 'Success' })
})

Then('the amount reaches the terminal written as {string}', function (this: CertificationWorld, written: string) {
  const sent = cardServiceRequests(this.rig.log).filter((s) => s.request.requestType === 'CardPayment').map((s) => /<TotalAmount\b[^>]*>([^<]*)<\/TotalAmount>/.exec(s.xml)?.[0])
  expect(sent, 'amounts as written in the payment requests').to.deep.equal([`<TotalAmount Currency="EUR">${written}</TotalAmount>`])
})

Then('the register refuses it before anything reaches the terminal', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('refused by register')
  // Session set-up (an OPI-DE Login at start) may have crossed the link; no card request may have.
  expect(cardServiceRequests(this.rig.log).map((s) => `${s.request.requestType} #${s.request.requestId}`), 'card requests that reached the terminal').to.deep.equal([])
  // The simulation can also look inside the terminal; the bench has the wire above as its witness.
  if (this.rig instanceof SimulatedRig) expect(this.rig.terminal.state, 'the terminal').to.equal('idle')
})

Then('the register neither reverses nor repeats the payment', function (this: CertificationWorld) {
  const sent = cardServiceRequests(this.rig.log).map((s) => s.request.requestType).filter((t) => t !== 'AbortRequest')
  expect(sent, 'requests the register sent besides the abort').to.deep.equal(['CardPayment'])
})

Then('the cashier sees both payments approved', function (this: CertificationWorld) {
  expect(this.payments.map((p) => p.status), 'outcomes the register reported').to.deep.equal(['approved', 'approved'])
  expect(this.seen.display.filter((m) => m.source === 'register').map((m) => m.lines[0]), 'the register\'s own messages').to.deep.equal(['Payment approved', 'Payment approved'])
})

Given('a card payment of {amount} was attempted', async function (this: CertificationWorld, amount: Money) {
  await this.takeEarlierPayment(amount)
})

When('the cashier tries the payment of the open sale again', async function (this: CertificationWorld) {
  await this.retryOpenSale()
})
