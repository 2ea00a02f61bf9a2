import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { outputsSentTo } from '../support/observations'
import { machineRequests, terminalAnswers } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'
import { openReservations } from '../support/unattended-invariant'

// The people at the machine: what they will do (Given), the session (When), and what they saw (Then).

Given('a(nother) driver will choose charger/pump {int} and pay with a {card} card and PIN', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'correct' } })
})

When('the driver charges/fuels at the station', async function (this: CertificationWorld) {
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

Given('a driver will choose charger {int} in {language} and pay with a {card} card and PIN', function (this: CertificationWorld, charger: number, language: string, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], language, card: { card, entry: 'chip', pin: 'correct' } })
})

Given('a driver will choose charger {int}, insert a {card} card and press Stop at the PIN prompt', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'none', stopAtPin: true } })
})

Given('a driver will choose charger {int}, insert a {card} card and never enter the PIN', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'none' } })
})

Given('the driver picks {language} on the screen', function (this: CertificationWorld, language: string) {
  this.unattended.lastCardholder.language = language
})

Given('the driver\'s card has only {amount} available', function (this: CertificationWorld, amount: Money) {
  this.unattended.rig.terminal.host.setAvailableFunds(this.unattended.lastCardholder.card!.card, amount)
})

When('the drivers charge one after the other', async function (this: CertificationWorld) {
  await this.unattended.serveOneAfterAnother()
})

When('a cardholder presses Pay without choosing anything, then holds a {card} card to the terminal', async function (this: CertificationWorld, card: CardProfile) {
  await this.unattended.payWithoutChoosing(card)
})

Then('the terminal reports the reservation cancelled by the cardholder', function (this: CertificationWorld) {
  expect(terminalAnswers(this.unattended.rig.log).map((a) => [a.message.requestType, a.message.overallResult]), 'answers from the terminal').to.deep.equal([['CardPreAuthorisation', 'Aborted']])
})

Then('the machine shows that the session was cancelled and returns to idle', function (this: CertificationWorld) {
  const { machine } = this.unattended.rig
  expect({ last: machine.display.current.join(' '), screen: machine.panel.prompt, session: machine.sessions.all().map((s) => s.state) }, 'the machine after the session').to.deep.include({ screen: 'idle', session: ['cancelled'] }).and.satisfy((seen: { last: string }) => /cancel/i.test(seen.last))
})

Then('no charger is released and nothing is reserved on the card', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.devices.flatMap((d) => d.runs.map(() => d.id)), 'chargers released').to.deep.equal([])
  expect({ reservations: rig.terminal.host.reservations.length, completions: machineRequests(rig.log, 'CardFinancialAdvice').length }, 'reservations on the host and completions sent').to.deep.equal({ reservations: 0, completions: 0 })
})

Then('the journal records the cancelled attempt', function (this: CertificationWorld) {
  expect(this.unattended.rig.machine.journal.entries().map((e) => [e.requestType, e.result]), 'journal entries').to.deep.equal([['CardPreAuthorisation', 'aborted']])
})

Then('the terminal ends the reservation with a time-out after its own PIN timeout', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [asked] = machineRequests(rig.log)
  const answers = terminalAnswers(rig.log)
  expect(answers.map((a) => [a.message.requestType, a.message.overallResult]), 'answers from the terminal').to.deep.equal([['CardPreAuthorisation', 'TimedOut']])
  expect(answers[0].atMs - asked.atMs, 'ms from the request to the time-out').to.be.at.least(rig.terminal.settings.pinTimeoutMs)
})

Then('the machine waited for the terminal and shows a time-out', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log).map((r) => r.message.requestType), 'requests the machine sent (no abort)').to.deep.equal(['CardPreAuthorisation'])
  expect({ session: rig.machine.sessions.all().map((s) => s.state), shown: rig.machine.display.current.join(' ') }, 'the machine at the end').to.satisfy((seen: { session: string[]; shown: string }) => seen.session.join() === 'timed out' && /time-?out/i.test(seen.shown))
})

Then('the machine asks the cardholder to choose first', function (this: CertificationWorld) {
  const shown = this.unattended.rig.machine.display.history.map((m) => m.lines.join(' '))
  expect(shown, 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /choose first/i.test(l)))
})

Then('nothing is asked of the terminal and nothing is reserved or charged', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log).map((r) => r.message.requestType), 'requests the machine sent').to.deep.equal([])
  expect({ reservations: rig.terminal.host.reservations.length, charged: rig.terminal.host.approvedTotal() }, 'on the host').to.deep.equal({ reservations: 0, charged: 0 })
})

Then('the terminal is told to speak {string}', function (this: CertificationWorld, code: string) {
  expect(machineRequests(this.unattended.rig.log).map((r) => r.message.posData.languageCode), 'language of each request').to.deep.equal([code, code])
})

Then('the terminal\'s prompts show {string}, the machine says {string} and the receipt says {string}', function (this: CertificationWorld, terminalWord: string, machineWord: string, receiptWord: string) {
  const { rig } = this.unattended
  const text = (source: 'terminal' | 'register') => rig.machine.display.history.filter((m) => m.source === source).map((m) => m.lines.join(' ')).join(' / ')
  const receipt = outputsSentTo(rig.log, 'Printer').flatMap((o) => o.lines).join(' / ')
  expect({ terminal: text('terminal').includes(terminalWord), machine: text('register').includes(machineWord), receipt: receipt.includes(receiptWord) }, `terminal: ${text('terminal')}\nmachine: ${text('register')}\nreceipt: ${receipt}`).to.deep.equal({ terminal: true, machine: true, receipt: true })
})

Then('the reservation is approved for {amount} of the {amount} asked', function (this: CertificationWorld, approved: Money, asked: Money) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log, 'CardPreAuthorisation').map((r) => r.message.totalAmount), 'amount asked').to.deep.equal([asked])
  expect(terminalAnswers(rig.log, 'CardPreAuthorisation').map((a) => [a.message.overallResult, a.message.tender?.totalAmount]), 'the terminal\'s answer').to.deep.equal([['Success', approved]])
})

Then('the driver is told that at most {amount} is available', function (this: CertificationWorld, amount: Money) {
  const shown = this.unattended.rig.machine.display.history.filter((m) => m.source === 'register').map((m) => m.lines.join(' '))
  expect(shown, 'what the machine said').to.satisfy((lines: string[]) => lines.some((l) => /available/i.test(l) && l.includes(describeMoney(amount))))
})

Then('the second session starts from a clean screen in the default language', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const requests = machineRequests(rig.log, 'CardPreAuthorisation').map((r) => r.message)
  const firstEnded = rig.machine.sessions.all()[0].endedAtMs ?? Infinity
  const nextScreen = rig.machine.display.history.find((m) => m.atMs >= firstEnded && m.source === 'register' && /choose/i.test(m.lines.join(' ')))
  expect({ languages: requests.map((r) => r.posData.languageCode), distinctIds: new Set(requests.map((r) => r.requestId)).size, nextScreen: nextScreen?.lines }, 'the two sessions').to.deep.equal({ languages: ['de', 'en'], distinctIds: 2, nextScreen: ['Choose a charger'] })
})

Then('each driver pays for their own charge on their own card', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const reservations = rig.terminal.host.reservations
  const completions = machineRequests(rig.log, 'CardFinancialAdvice').map((r) => [r.message.originalTransaction?.stan, r.message.totalAmount]).sort()
  expect(completions, 'completions and the reservation each one names').to.deep.equal(reservations.map((r) => [r.stan, r.captured]).sort())
  expect(new Set(reservations.map((r) => r.cardToken)).size, 'cards the reservations are on').to.equal(2)
  expect(openReservations(rig), 'reservations left open').to.deep.equal([])
})

Then('each receipt shows only its own driver\'s card and charge', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const tickets = outputsSentTo(rig.log, 'Printer').map((o) => o.lines.join('\n'))
  const expected = rig.terminal.host.reservations.map((r) => [r.maskedPan, `EUR ${describeMoney(r.captured!).replace(' EUR', '')}`])
  expect(tickets.map((t, i) => expected.map(([pan, amount]) => t.includes(pan) && t.includes(amount)).indexOf(true) === i), 'each ticket shows its own card and amount, and not the other').to.deep.equal([true, true])
})

Given('a driver will try charger {int}, then {int}, then {int} and pay with a {card} card and PIN', function (this: CertificationWorld, first: number, second: number, third: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [first, second, third].map(String), card: { card, entry: 'chip', pin: 'correct' } })
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

When('the drivers arrive one after another', async function (this: CertificationWorld) {
  await this.unattended.serveCardholders()
})

Given('a cardholder will choose product {word}, then product {word}, take {int}, confirm and pay contactless with a {card} card', function (this: CertificationWorld, refused: string, wanted: string, quantity: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [refused, wanted, String(quantity), 'yes'], card: { card, entry: 'contactless', pin: 'none' } })
})

Given('a cardholder will enter product {word} {int} times', function (this: CertificationWorld, code: string, times: number) {
  this.unattended.cardholderWill({ entries: Array.from({ length: times }, () => code) })
})

Given('another driver arrives {int} minutes later, chooses charger {int} and pays, taking their time, with a {card} card and PIN', function (this: CertificationWorld, minutes: number, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], arrivesAfterMinutes: minutes, card: { card, entry: 'chip', pin: 'correct', reactionMs: 5_000 } })
})

Then('product {word} is not on offer and choosing it is refused with a message', function (this: CertificationWorld, code: string) {
  const said = this.unattended.rig.machine.display.history.filter((m) => m.source === 'register').map((m) => m.lines)
  const offer = said.find((lines) => /choose a product/i.test(lines[0])) ?? []
  expect({ offered: offer.some((l) => l.startsWith(`${code} `)), refused: said.some((lines) => /not available/i.test(lines[0])) }, `what the machine showed: ${JSON.stringify(said)}`).to.deep.equal({ offered: false, refused: true })
  expect(machineRequests(this.unattended.rig.log).map((r) => r.message.requestType), 'requests the machine sent').to.have.lengthOf(1)
})

Then('the machine says the product is invalid each time and returns to idle after {int} tries', function (this: CertificationWorld, tries: number) {
  const { machine } = this.unattended.rig
  const refusals = machine.display.history.filter((m) => m.source === 'register' && /invalid product/i.test(m.lines[0]))
  expect({ refusals: refusals.length, sessions: machine.sessions.all().map((s) => s.state), screen: machine.panel.prompt }, 'the machine').to.deep.equal({ refusals: tries, sessions: ['refused'], screen: 'idle' })
})

Then('the driver is told the maximum time was reached', function (this: CertificationWorld) {
  expect(this.unattended.rig.machine.display.history.map((m) => m.lines.join(' ')), 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /maximum time/i.test(l)))
})

Then('the driver is told the session was stopped by the operator', function (this: CertificationWorld) {
  expect(this.unattended.rig.machine.display.history.map((m) => m.lines.join(' ')), 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /stopped by the operator/i.test(l)))
})

Then('the driver is told the limit was reached and that more needs a new payment', function (this: CertificationWorld) {
  expect(this.unattended.rig.machine.display.history.map((m) => m.lines.join(' ')), 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /limit reached/i.test(l) && /new payment/i.test(l)))
})

Then('the driver sees the end of the session and the receipt, and the machine returns to idle', function (this: CertificationWorld) {
  const { machine } = this.unattended.rig
  const said = machine.display.history.map((m) => m.lines.join(' '))
  expect({ stopped: said.some((l) => /stopped at your request/i.test(l)), paid: said.some((l) => /you paid/i.test(l)), tickets: machine.printer.printed.length, screen: machine.panel.prompt }, 'the end of the session').to.deep.equal({ stopped: true, paid: true, tickets: 2, screen: 'idle' })
})

Given('after {int} minutes of charging on charger {int}, Stop is pressed and a {card} card is held to the terminal', function (this: CertificationWorld, minutes: number, charger: number, card: CardProfile) {
  this.unattended.afterDeliveryMinutes(String(charger), minutes, () => this.unattended.stopWithCard(card))
})

Then('charger {int} stops as soon as the card is recognised as the one that paid for the session', function (this: CertificationWorld, charger: number) {
  const { rig } = this.unattended
  const recognisedAt = terminalAnswers(rig.log, 'CardPreAuthorisation')[1]?.atMs
  expect(rig.device(String(charger)).runs.map((r) => r.endedAtMs), 'when the charger stopped').to.deep.equal([recognisedAt])
})

Then('the check of the card is released at once and costs nothing', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [, check] = terminalAnswers(rig.log, 'CardPreAuthorisation')
  const release = machineRequests(rig.log, 'CardFinancialAdvice').find((r) => r.message.originalTransaction?.stan === check?.message.terminal?.stan)
  expect({ release: release?.message.totalAmount?.minor, held: rig.terminal.host.reservations.find((r) => r.stan === check?.message.terminal?.stan)?.state }, 'the reservation that read the card').to.deep.equal({ release: 0, held: 'released' })
})

Then('the {card} card is told it has no session here, and nothing stays reserved on it', function (this: CertificationWorld, card: CardProfile) {
  const { rig } = this.unattended
  const onCard = rig.terminal.host.reservations.filter((r) => r.cardName === card.name).map((r) => [r.state, r.captured?.minor])
  expect(onCard, `reservations on the ${card.name} card`).to.deep.equal([['released', 0]])
  expect(rig.machine.display.history.map((m) => m.lines.join(' ')), 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /no session/i.test(l)))
})

Then('the machine sends exactly one abort and the reservation ends cancelled', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log).map((r) => r.message.requestType), 'requests the machine sent').to.deep.equal(['CardPreAuthorisation', 'AbortRequest'])
  expect(terminalAnswers(rig.log).map((a) => [a.message.requestType, a.message.overallResult]).sort(), 'answers from the terminal').to.deep.equal([['AbortRequest', 'Success'], ['CardPreAuthorisation', 'Aborted']])
})
