import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { cardServiceRequests } from '../support/observations'
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
  expect(this.rig.ecr.display.current[0], 'what the cashier sees at the end').to.equal('Payment approved')
  expect(this.rig.ecr.sale?.isOpen, 'sale still open').to.equal(false)
})

Then('the sale stays open, with the payment shown as declined and why', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('declined')
  expect(this.rig.ecr.display.current, 'what the cashier sees at the end').to.deep.equal(['Payment declined', this.payment().reason])
  expect(this.rig.ecr.sale?.isOpen, 'sale still open').to.equal(true)
})

Given('the cashier has taken a card payment of {amount}', async function (this: CertificationWorld, amount: Money) {
  await this.takeEarlierPayment(amount)
})

Given('a card payment of {amount} was attempted', async function (this: CertificationWorld, amount: Money) {
  await this.takeEarlierPayment(amount)
})

When('the cashier tries the payment of the open sale again', async function (this: CertificationWorld) {
  await this.retryOpenSale()
})
