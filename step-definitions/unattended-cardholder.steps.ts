import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { openReservations } from '../support/unattended-invariant'
import {
  answersReceived, cardTickets, completionsAndCaptures, firstAnswerDelayMs, firstRequestAt, machineRequests, machineTexts, machineTextsSince, requestTypesSent,
  shownTogether, terminalAnswers, terminalMessages, ticketAmount,
} from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// The people at the machine: what they will do (Given), the session (When), and what they saw (Then).

const chip = (card: CardProfile) => ({ card, entry: 'chip' as const, pin: 'correct' as const })
const contactless = (card: CardProfile) => ({ card, entry: 'contactless' as const, pin: 'none' as const })

Given('a(nother) driver will choose charger/pump {int} and pay with a {card} card and PIN', function (this: CertificationWorld, device: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(device)], card: chip(card) })
})

Given('a driver will choose charger {int} in {language} and pay with a {card} card and PIN', function (this: CertificationWorld, charger: number, language: string, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], language, card: chip(card) })
})

Given('a driver will choose charger {int}, insert a {card} card and press Stop at the PIN prompt', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'none', stopAtPin: true } })
})

Given('a driver will choose charger {int}, insert a {card} card and enter a wrong PIN', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'wrong' } })
})

Given('a driver will choose charger {int}, insert a {card} card and never enter the PIN', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'none' } })
})

Given('a driver will try charger {int}, then {int}, then {int} and pay with a {card} card and PIN', function (this: CertificationWorld, first: number, second: number, third: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [first, second, third].map(String), card: chip(card) })
})

Given('a driver/cardholder will press Cancel when asked to choose a charger/product', function (this: CertificationWorld) {
  this.unattended.cardholderWill({ entries: ['cancel'] })
})

Given('a driver/cardholder will walk away when asked to choose a charger/product', function (this: CertificationWorld) {
  this.unattended.cardholderWill({ entries: [] })
})

Given('chargers {int} and {int} are taken by drivers charging for an hour', function (this: CertificationWorld, first: number, second: number) {
  this.unattended.driversCharging([first, second], 60)
})

Given('another driver arrives {int} minutes later, chooses charger {int} and pays, taking their time, with a {card} card and PIN', function (this: CertificationWorld, minutes: number, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], arrivesAfterMinutes: minutes, card: { ...chip(card), reactionMs: 5_000 } })
})

Given('the driver/cardholder picks {language} on the screen', function (this: CertificationWorld, language: string) {
  this.unattended.lastCardholder.language = language
})

Given('the driver\'s card has only {amount} available', function (this: CertificationWorld, amount: Money) {
  this.unattended.rig.terminal.host.setAvailableFunds(this.unattended.lastCardholder.card!.card, amount)
})

Given('after {int} minutes of charging on charger {int}, Stop is pressed and a {card} card is held to the terminal', function (this: CertificationWorld, minutes: number, charger: number, card: CardProfile) {
  this.unattended.afterDeliveryMinutes(String(charger), minutes, () => this.unattended.stopWithCard(card))
})

Given('a cardholder will choose {int} of product {word}, confirm and pay contactless with a {card} card', function (this: CertificationWorld, quantity: number, code: string, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [code, String(quantity), 'yes'], card: contactless(card) })
})

Given('a cardholder will choose product {word}, then product {word}, take {int}, confirm and pay contactless with a {card} card', function (this: CertificationWorld, refused: string, wanted: string, quantity: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [refused, wanted, String(quantity), 'yes'], card: contactless(card) })
})

Given('a cardholder will enter product {word} {int} times', function (this: CertificationWorld, code: string, times: number) {
  this.unattended.cardholderWill({ entries: Array.from({ length: times }, () => code) })
})

When('the driver charges/fuels at the station', async function (this: CertificationWorld) {
  await this.unattended.serveCardholders()
})

When('the drivers arrive one after another', async function (this: CertificationWorld) {
  await this.unattended.serveCardholders()
})

When('the drivers charge one after the other', async function (this: CertificationWorld) {
  await this.unattended.serveOneAfterAnother()
})

When('the cardholder buys at the machine', async function (this: CertificationWorld) {
  await this.unattended.serveCardholders()
})

When('a cardholder presses Pay without choosing anything, then holds a {card} card to the terminal', async function (this: CertificationWorld, card: CardProfile) {
  await this.unattended.payWithoutChoosing(card)
})

Then('the driver sees every message the terminal sends, in order', function (this: CertificationWorld) {
  const { sent, shown } = terminalMessages(this.unattended.rig)
  expect(shown, 'what the machine showed of the terminal\'s messages, in order').to.deep.equal(sent).and.have.length.above(0)
})

Then('before the card is asked for, the machine shows that {amount} will be reserved and only the use is charged', function (this: CertificationWorld, amount: Money) {
  const before = machineTexts(this.unattended.rig, firstRequestAt(this.unattended.rig, 'CardPreAuthorisation'))
  expect(before, 'machine texts before the card was asked for').to.satisfy((texts: string[]) => texts.some((t) => t.includes(describeMoney(amount)) && /only pay what you use/i.test(t)))
})

Then('the terminal is asked to reserve exactly {amount}', function (this: CertificationWorld, amount: Money) {
  const sent = machineRequests(this.unattended.rig.log, 'CardPreAuthorisation')
  expect(sent.map((s) => s.message.totalAmount), 'amounts the machine asked the terminal to reserve').to.deep.equal([amount])
  expect(sent[0].xml, 'the amount as written on the wire').to.include(`<TotalAmount Currency="EUR">${describeMoney(amount).replace(' EUR', '')}</TotalAmount>`)
})

Then('the reservation is approved before anything is released', function (this: CertificationWorld) {
  const approvedAt = terminalAnswers(this.unattended.rig.log, 'CardPreAuthorisation').find((a) => a.message.overallResult === 'Success')?.atMs ?? Infinity
  expect(this.unattended.rig.devices.flatMap((d) => d.runs.map((r) => r.releasedAtMs >= approvedAt)), 'each release came after the approved reservation').to.deep.equal([true])
})

Then('the machine shows {int} x {word} for {amount} before the payment', function (this: CertificationWorld, quantity: number, product: string, amount: Money) {
  const before = machineTexts(this.unattended.rig, firstRequestAt(this.unattended.rig, 'CardPayment'))
  expect(before, 'machine texts before the payment').to.satisfy((texts: string[]) => texts.some((t) => t.includes(`${quantity} x ${product}`) && t.includes(describeMoney(amount))))
})

Then('the terminal is asked to charge exactly {amount} for the purchase', function (this: CertificationWorld, amount: Money) {
  const sent = machineRequests(this.unattended.rig.log)
  expect(sent.map((s) => [s.message.requestType, s.message.totalAmount]), 'what the machine asked the terminal').to.deep.equal([['CardPayment', amount]])
})

Then('the terminal reports the reservation cancelled by the cardholder', function (this: CertificationWorld) {
  expect(answersReceived(this.unattended.rig), 'answers from the terminal').to.deep.equal([['CardPreAuthorisation', 'Aborted']])
})

Then('the machine shows that the session was cancelled and returns to idle', function (this: CertificationWorld) {
  const { machine } = this.unattended.rig
  expect([machine.sessions.all().map((s) => s.state), machine.panel.prompt], 'the session, and the screen after it').to.deep.equal([['cancelled'], 'idle'])
  expect(machine.display.current.join(' '), 'the last thing shown').to.match(/cancel/i)
})

Then('no charger is released and nothing is reserved on the card', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.devices.flatMap((d) => d.runs.map(() => d.id)), 'chargers released').to.deep.equal([])
  expect([rig.terminal.host.reservations.length, machineRequests(rig.log, 'CardFinancialAdvice').length], 'reservations on the host and completions sent').to.deep.equal([0, 0])
})

Then('the journal records the cancelled attempt', function (this: CertificationWorld) {
  expect(this.unattended.rig.machine.journal.entries().map((e) => [e.requestType, e.result]), 'journal entries').to.deep.equal([['CardPreAuthorisation', 'aborted']])
})

Then('the terminal ends the reservation with a time-out after its own PIN timeout', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(answersReceived(rig), 'answers from the terminal').to.deep.equal([['CardPreAuthorisation', 'TimedOut']])
  expect(firstAnswerDelayMs(rig), 'ms from the request to the time-out').to.be.at.least(rig.terminal.settings.pinTimeoutMs)
})

Then('the machine waited for the terminal and shows a time-out', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect([requestTypesSent(rig), rig.machine.sessions.all().map((s) => s.state)], 'requests the machine sent (no abort), and the session').to.deep.equal([['CardPreAuthorisation'], ['timed out']])
  expect(rig.machine.display.current.join(' '), 'the last thing shown').to.match(/time-?out/i)
})

Then('the machine asks the cardholder to choose first', function (this: CertificationWorld) {
  expect(shownTogether(this.unattended.rig, /choose first/i), 'the machine asked to choose first').to.equal(true)
})

Then('nothing is asked of the terminal and nothing is reserved or charged', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(requestTypesSent(rig), 'requests the machine sent').to.deep.equal([])
  expect([rig.terminal.host.reservations.length, rig.terminal.host.approvedTotal()], 'reservations and money taken on the host').to.deep.equal([0, 0])
})

Then('the terminal is told to speak {string}', function (this: CertificationWorld, code: string) {
  expect(machineRequests(this.unattended.rig.log).map((r) => r.message.posData.languageCode), 'language of each request').to.deep.equal([code, code])
})

Then('the terminal\'s prompts show {string}, the machine says {string} and the receipt says {string}', function (this: CertificationWorld, terminalWord: string, machineWord: string, receiptWord: string) {
  const { rig } = this.unattended
  const seen = { terminal: terminalMessagesText(this), machine: machineTexts(rig).join(' / '), receipt: cardTickets(rig).sent.flat().join(' / ') }
  expect(seen, 'what the terminal, the machine and the receipt said').to.satisfy((s: typeof seen) => s.terminal.includes(terminalWord) && s.machine.includes(machineWord) && s.receipt.includes(receiptWord))
})

Then('the reservation is approved for {amount} of the {amount} asked', function (this: CertificationWorld, approved: Money, asked: Money) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log, 'CardPreAuthorisation').map((r) => r.message.totalAmount), 'amount asked').to.deep.equal([asked])
  expect(terminalAnswers(rig.log, 'CardPreAuthorisation').map((a) => [a.message.overallResult, a.message.tender?.totalAmount]), 'the terminal\'s answer').to.deep.equal([['Success', approved]])
})

Then('the driver is told that at most {amount} is available', function (this: CertificationWorld, amount: Money) {
  expect(shownTogether(this.unattended.rig, /available/i, describeMoney(amount)), `the machine said ${describeMoney(amount)} is available`).to.equal(true)
})

Then('the driver is told the maximum time was reached', function (this: CertificationWorld) {
  expect(shownTogether(this.unattended.rig, /maximum time/i), 'the machine said the maximum time was reached').to.equal(true)
})

Then('the driver is told the session was stopped by the operator', function (this: CertificationWorld) {
  expect(shownTogether(this.unattended.rig, /stopped by the operator/i), 'the machine said the operator stopped the session').to.equal(true)
})

Then('the driver is told the limit was reached and that more needs a new payment', function (this: CertificationWorld) {
  expect(shownTogether(this.unattended.rig, /limit reached/i, /new payment/i), 'the machine said the limit was reached and more needs a new payment').to.equal(true)
})

Then('the driver sees the end of the session and the receipt, and the machine returns to idle', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect([shownTogether(rig, /stopped at your request/i), shownTogether(rig, /you paid/i)], 'the machine said it stopped, and what was paid').to.deep.equal([true, true])
  expect([cardTickets(rig).printed.length, rig.machine.panel.prompt], 'card ticket printed, and the screen after').to.deep.equal([1, 'idle'])
})

Then('the second session starts from a clean screen in the default language', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const reservations = machineRequests(rig.log, 'CardPreAuthorisation').map((r) => [Number(r.message.requestId), r.message.posData.languageCode])
  // Numbers after the first: the first session's completion took the one in between.
  expect(reservations.map(([id, language]) => [Number(id) - Number(reservations[0][0]), language]), 'the two reservations: their numbers and languages').to.deep.equal([[0, 'de'], [2, 'en']])
  expect(machineTextsSince(rig, rig.machine.sessions.all()[0].endedAtMs ?? Infinity).find((t) => /charger|laadpunt|ladepunkt|borne/i.test(t)), 'the charger choice the second driver saw').to.equal('Choose a charger')
})

Then('each driver pays for their own charge on their own card', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(completionsAndCaptures(rig).completions, 'completions and the reservation each one names').to.deep.equal(completionsAndCaptures(rig).captures)
  expect([new Set(rig.terminal.host.reservations.map((r) => r.cardToken)).size, openReservations(rig)], 'cards the reservations are on, and reservations left open').to.deep.equal([2, []])
})

Then('each receipt shows only its own driver\'s card and charge', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const own = rig.terminal.host.reservations.map((r) => [r.maskedPan, ticketAmount(r.captured!)])
  expect(cardTickets(rig).sent.map((lines) => own.findIndex(([pan, amount]) => lines.join('\n').includes(pan) && lines.join('\n').includes(amount))), 'whose card and charge each ticket shows').to.deep.equal([0, 1])
})

Then('product {word} is not on offer and choosing it is refused with a message', function (this: CertificationWorld, code: string) {
  const { rig } = this.unattended
  expect([shownTogether(rig, /choose a product/i, `${code} `), shownTogether(rig, /not available/i)], `${code} offered, and a refusal shown`).to.deep.equal([false, true])
  expect(requestTypesSent(rig), 'requests the machine sent').to.deep.equal(['CardPayment'])
})

Then('the machine says the product is invalid each time and returns to idle after {int} tries', function (this: CertificationWorld, tries: number) {
  const { machine } = this.unattended.rig
  expect(machineTexts(this.unattended.rig).filter((t) => /invalid product/i.test(t)), 'refusals shown').to.have.lengthOf(tries)
  expect([machine.sessions.all().map((s) => s.state), machine.panel.prompt], 'the session, and the screen after it').to.deep.equal([['refused'], 'idle'])
})

Then('the machine sends exactly one abort and the reservation ends cancelled', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(requestTypesSent(rig), 'requests the machine sent').to.deep.equal(['CardPreAuthorisation', 'AbortRequest'])
  expect(answersReceived(rig).sort(), 'answers from the terminal').to.deep.equal([['AbortRequest', 'Success'], ['CardPreAuthorisation', 'Aborted']])
})

Then('charger {int} stops as soon as the card is recognised as the one that paid for the session', function (this: CertificationWorld, charger: number) {
  const recognisedAt = terminalAnswers(this.unattended.rig.log, 'CardPreAuthorisation')[1]?.atMs
  expect(this.unattended.rig.device(String(charger)).runs.map((r) => r.endedAtMs), 'when the charger stopped').to.deep.equal([recognisedAt])
})

Then('the check of the card is released at once and costs nothing', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const check = terminalAnswers(rig.log, 'CardPreAuthorisation')[1]?.message.terminal?.stan
  expect(rig.terminal.host.reservations.filter((r) => r.stan === check).map((r) => [r.state, r.captured?.minor]), 'the reservation that read the card').to.deep.equal([['released', 0]])
})

Then('the {card} card is told it has no session here, and nothing stays reserved on it', function (this: CertificationWorld, card: CardProfile) {
  const { rig } = this.unattended
  expect(rig.terminal.host.reservations.filter((r) => r.cardName === card.name).map((r) => [r.state, r.captured?.minor]), `reservations on the ${card.name} card`).to.deep.equal([['released', 0]])
  expect(shownTogether(rig, /no session/i), 'the machine said the card has no session').to.equal(true)
})

function terminalMessagesText(world: CertificationWorld): string {
  return terminalMessages(world.unattended.rig).shown.map((lines) => lines.join(' ')).join(' / ')
}
