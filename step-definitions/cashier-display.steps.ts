import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { cashierMessageArrivals, deviceRequestsNotAcknowledged, outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the cashier sees every message the terminal sends, in order', function (this: CertificationWorld) {
  const sent = outputsSentTo(this.rig.log, 'CashierDisplay').map((o) => o.lines)
  expect(this.seen.fromTerminal().map((m) => m.lines), 'what the register showed, in order').to.deep.equal(sent).and.have.length.above(0)
  expect(deviceRequestsNotAcknowledged(this.rig.log), 'terminal messages not acknowledged with Success').to.deep.equal([])
})

Then('the cashier is told why: {string}', function (this: CertificationWorld, why: string) {
  expect(this.seen.current, 'what the cashier sees').to.deep.equal(['Amount not accepted', why])
})

Then('the cashier sees the result with the amount as {string}', function (this: CertificationWorld, shown: string) {
  expect(this.seen.current, 'what the cashier sees at the end').to.deep.equal(['Payment approved', shown])
})

Then('every terminal message is on the cashier\'s display the moment it arrives', function (this: CertificationWorld) {
  const shown = this.seen.fromTerminal().map((m) => ({ lines: m.lines, atMs: m.atMs }))
  const arrived = cashierMessageArrivals(this.rig.log)
  expect(shown.map((m, i) => ({ lines: m.lines, withinOneSecond: m.atMs - (arrived[i]?.atMs ?? -Infinity) <= 1000 })), 'messages shown, each within a second of arriving').to.deep.equal(arrived.map((a) => ({ lines: a.lines, withinOneSecond: true })))
})

Then('the register\'s own result replaces the terminal\'s last message', function (this: CertificationWorld) {
  const last = this.seen.display.at(-1)
  expect({ source: last?.source, headline: last?.lines[0] }, 'the last thing on the cashier\'s display').to.deep.equal({ source: 'register', headline: 'Payment approved' })
})

Then('the cashier never sees the payment as cancelled', function (this: CertificationWorld) {
  expect(this.seen.display.map((m) => m.lines.join(' | ')).filter((text) => /cancel/i.test(text)), 'cancellation messages shown').to.deep.equal([])
})

Then('the cashier is told the result once', function (this: CertificationWorld) {
  const own = this.seen.display.filter((m) => m.source === 'register').map((m) => m.lines[0])
  expect(own, 'the register\'s own messages: the abort under way, then the result').to.deep.equal(['Abort requested', 'Payment cancelled'])
})

Then(/^the cashier sees the terminal ask for (one card only|the card to be removed)$/, function (this: CertificationWorld, what: string) {
  const prompt = what === 'one card only' ? /one card only/i : /remove card/i
  const sent = cashierMessageArrivals(this.rig.log).map((m) => m.lines).filter((lines) => prompt.test(lines.join(' ')))
  expect(this.seen.fromTerminal().map((m) => m.lines).filter((lines) => prompt.test(lines.join(' '))), `the terminal's "${what}" messages as shown`).to.deep.equal(sent).and.have.length.above(0)
})

Then('the terminal asks for the card to be removed before it asks for the next one', function (this: CertificationWorld) {
  const secondPayment = outputsSentTo(this.rig.log, 'CashierDisplay').filter((o) => o.requestId.startsWith(`${this.payment().requestId}.`)).map((o) => o.lines[0])
  expect(secondPayment.slice(0, 2), 'the terminal\'s first messages in the next payment').to.deep.equal(['Remove card', 'Present card'])
  expect(this.seen.fromTerminal().map((m) => m.lines[0]), 'what the cashier saw').to.include.members(['Remove card'])
})
