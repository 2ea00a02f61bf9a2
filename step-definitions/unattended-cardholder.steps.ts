import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { outputsSentTo } from '../support/observations'
import { machineRequests, terminalAnswers } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// The people at the machine: what they will do (Given), the session (When), and what they saw (Then).

Given('a driver will choose charger {int} and pay with a {card} card and PIN', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'correct' } })
})

When('the driver charges at the station', async function (this: CertificationWorld) {
  await this.unattended.serveCardholders()
})

Then('the driver sees every message the terminal sends, in order', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const sent = [...outputsSentTo(rig.log, 'CustomerDisplay'), ...outputsSentTo(rig.log, 'CashierDisplay')].sort((a, b) => a.requestId.localeCompare(b.requestId, 'en', { numeric: true })).map((o) => o.lines)
  expect(rig.machine.display.fromTerminal().map((m) => m.lines), 'what the machine showed of the terminal\'s messages, in order').to.deep.equal(sent).and.have.length.above(0)
})

Then('before the card is asked for, the machine shows that {amount} will be reserved and only the use is charged', function (this: CertificationWorld, amount: { minor: number }) {
  const { rig } = this.unattended
  const askedAt = machineRequests(rig.log, 'CardPreAuthorisation')[0]?.atMs ?? Infinity
  const before = rig.machine.display.history.filter((m) => m.source === 'register' && m.atMs <= askedAt).map((m) => m.lines.join(' | '))
  expect(before.some((text) => text.includes(`${(amount.minor / 100).toFixed(2)} EUR`) && /only pay what you use/i.test(text)), `machine texts before the card was asked for: ${JSON.stringify(before)}`).to.equal(true)
})

Then('the terminal is asked to reserve exactly {amount}', function (this: CertificationWorld, amount: { minor: number; currency: string }) {
  const sent = machineRequests(this.unattended.rig.log, 'CardPreAuthorisation')
  expect(sent.map((s) => s.message.totalAmount), 'amounts the machine asked the terminal to reserve').to.deep.equal([amount])
  expect(sent[0].xml, 'the amount as written on the wire').to.include(`<TotalAmount Currency="EUR">${(amount.minor / 100).toFixed(2)}</TotalAmount>`)
})

Then('the reservation is approved before anything is released', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const approvedAt = terminalAnswers(rig.log, 'CardPreAuthorisation').find((a) => a.message.overallResult === 'Success')?.atMs
  expect(rig.devices.flatMap((d) => d.runs.map((r) => r.releasedAtMs >= (approvedAt ?? Infinity))), 'each release came after the approved reservation').to.deep.equal([true])
})

Given('a cardholder will choose {int} of product {word}, confirm and pay contactless with a {card} card', function (this: CertificationWorld, quantity: number, code: string, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [code, String(quantity), 'yes'], card: { card, entry: 'contactless', pin: 'none' } })
})

When('the cardholder buys at the machine', async function (this: CertificationWorld) {
  await this.unattended.serveCardholders()
})

Then('the machine shows {int} x {word} for {amount} before the payment', function (this: CertificationWorld, quantity: number, product: string, amount: Money) {
  const { rig } = this.unattended
  const askedAt = machineRequests(rig.log, 'CardPayment')[0]?.atMs ?? Infinity
  const shown = rig.machine.display.history.filter((m) => m.source === 'register' && m.atMs <= askedAt).map((m) => m.lines.join(' | '))
  expect(shown.some((text) => text.includes(`${quantity} x ${product}`) && text.includes(describeMoney(amount))), `machine texts before the payment: ${JSON.stringify(shown)}`).to.equal(true)
})

Then('the terminal is asked to charge exactly {amount} for the purchase', function (this: CertificationWorld, amount: Money) {
  const sent = machineRequests(this.unattended.rig.log)
  expect(sent.map((s) => [s.message.requestType, s.message.totalAmount]), 'what the machine asked the terminal').to.deep.equal([['CardPayment', amount]])
})
