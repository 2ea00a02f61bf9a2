import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { machineTexts, requestTypesSent, serviceRequestsSent } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// The card circuits the terminal accepts, and what the machine does with the list.

Given('the terminal\'s acquirer contracts cover {card}, {card} and {card} only', function (this: CertificationWorld, first: CardProfile, second: CardProfile, third: CardProfile) {
  this.unattended.rig.terminal.settings.acceptedCircuits = [first, second, third].map((c) => c.circuit)
})

When('the cardholders buy at the machine one after the other', async function (this: CertificationWorld) {
  await this.unattended.serveOneAfterAnother()
})

Then('the machine asked the terminal for its card circuits after start-up and shows {card}, {card} and {card} as accepted', function (this: CertificationWorld, first: CardProfile, second: CardProfile, third: CardProfile) {
  const { rig } = this.unattended
  expect(rig.machine.panel.acceptedCards, 'card brands on the machine').to.deep.equal([first, second, third].map((c) => c.name))
  const firstPayment = rig.log.entries.find((e) => e.from === 'ECR' && e.message?.kind === 'CardServiceRequest')?.atMs ?? Infinity
  // Status checks and Login (issue 14's start-up) are not card-circuit questions.
  expect(circuitRequestsSent(rig).map((r) => [r.requestType, r.atMs <= firstPayment]), 'card circuit requests, and whether each came before the first payment').to.deep.equal([['GetCardCircuits', true]])
})

Then('the {card} card is refused as not accepted, without asking the host', function (this: CertificationWorld, card: CardProfile) {
  const { rig } = this.unattended
  expect(rig.terminal.host.ledger.filter((a) => a.circuit === card.circuit), `authorisations of the ${card.name} card on the host`).to.deep.equal([])
  expect(machineTexts(rig).filter((t) => /not accepted/i.test(t)), 'what the machine told the cardholder').to.have.lengthOf(1)
  expect(rig.vending.vended.length, 'things dropped').to.equal(1)
})

Then('the {card} card pays {amount} as normal', function (this: CertificationWorld, card: CardProfile, amount: Money) {
  const { rig } = this.unattended
  expect(rig.terminal.host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => [a.circuit, a.amount]), 'payments the host holds').to.deep.equal([[card.circuit, amount]])
  expect(requestTypesSent(rig), 'card requests the machine sent').to.deep.equal(['CardPayment', 'CardPayment'])
})

Given('the machine\'s terminal is switched off', async function (this: CertificationWorld) {
  await this.unattended.rig.terminal.stop()
})

Given('the machine\'s terminal is switched on again', async function (this: CertificationWorld) {
  await this.unattended.rig.terminal.start()
  // A minute before the next cardholder: the out-of-order machine notices the terminal is back by itself (issue 14).
  await this.unattended.rig.wait(60_000)
})

When('a cardholder then buys {int} ticket(s) with a tapped {card} card', async function (this: CertificationWorld, quantity: number, card: CardProfile) {
  await this.unattended.buyNow({ entries: ['P1', String(quantity), 'yes'], card: { card, entry: 'contactless', pin: 'correct' } })
})

Then('the machine asked the terminal for its card circuits again after it was out of reach, before the next payment', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const payment = rig.log.entries.find((e) => e.from === 'ECR' && e.message?.kind === 'CardServiceRequest')?.atMs ?? Infinity
  expect(circuitRequestsSent(rig).map((r) => [r.requestType, r.atMs <= payment]), 'card circuit requests, and whether each came before the payment').to.deep.equal([['GetCardCircuits', true], ['GetCardCircuits', true]])
  expect(this.unattended.sessions.map((s) => s.state), 'the sessions: while the terminal was off, and after').to.deep.equal(['refused', 'completed'])
})

Given('a cardholder has tried to buy {int} ticket(s) with a tapped {card} card', async function (this: CertificationWorld, quantity: number, card: CardProfile) {
  await this.unattended.buyNow({ entries: ['P1', String(quantity), 'yes'], card: { card, entry: 'contactless', pin: 'correct' } })
})

function circuitRequestsSent(rig: Parameters<typeof serviceRequestsSent>[0]) {
  return serviceRequestsSent(rig).filter((r) => r.requestType === 'GetCardCircuits')
}
