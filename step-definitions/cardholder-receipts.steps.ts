import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { maskPan, type CardProfile } from '../src/terminal/cards'
import { outputsSentTo } from '../support/observations'
import {
  cardTickets, copiesPrinted, machineRequests, machineTexts, receiptCodesShown, requestTypesSent, terminalAnswers, ticketAmount, ticketSentFor,
} from '../support/unattended-observations'
import { nextCardholderIsServed } from '../support/next-cardholder'
import type { CertificationWorld } from '../support/world'

// The cardholder's receipts after the sale: printed, kept, fetched later, e-mailed, erased.

const HOUR = 60 * 60_000
const DAY = 24 * HOUR
const tap = (card: CardProfile, pin: 'correct' | 'none' = 'correct') => ({ card, entry: 'contactless' as const, pin })

Given('the machine keeps receipts for {int} days, receipt codes work for {int} hours, and it offers e-receipts', async function (this: CertificationWorld, days: number, hours: number) {
  await this.unattended.rig.keepReceipts({ retentionMs: days * DAY, tokenValidityMs: hours * HOUR }, true)
})

Given('a(nother) cardholder has bought {int} ticket(s) with a tapped {card} card', async function (this: CertificationWorld, quantity: number, card: CardProfile) {
  await this.unattended.buyNow({ entries: ['P1', String(quantity), 'yes', 'skip'], card: tap(card) })
})

Given('a cardholder will buy {int} ticket(s) and tap a {card} card, then skip the e-receipt', function (this: CertificationWorld, quantity: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'yes', 'skip'], card: tap(card) })
})

Given('a cardholder will buy {int} ticket(s) and tap a {card} card, then ask for the e-receipt at {word}', function (this: CertificationWorld, quantity: number, card: CardProfile, address: string) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'yes', address], card: tap(card) })
})

Given('a cardholder will buy {int} ticket(s), tap a {card} card and press Stop at the PIN prompt', function (this: CertificationWorld, quantity: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'yes'], card: { ...tap(card, 'none'), stopAtPin: true } })
})

Given('a cardholder will choose {int} ticket(s), hear there is no paper receipt and cancel', function (this: CertificationWorld, quantity: number) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'cancel'] })
})

Given('the first cardholder\'s receipt code is more than {int} hours old', async function (this: CertificationWorld, hours: number) {
  await this.unattended.rig.wait(hours * HOUR + 60_000)
})

Given('the first cardholder\'s receipt code was deleted by the cardholder at the machine', async function (this: CertificationWorld) {
  await this.unattended.useReceiptCode(receiptCodesShown(this.unattended.rig)[0], 'delete')
})

Given('the machine\'s printer is {word} on paper', function (this: CertificationWorld, level: string) {
  this.unattended.rig.machine.printer.state = level === 'low' ? 'PaperLow' : 'PaperEmpty'
})

Given('the receipt service is down', async function (this: CertificationWorld) {
  await this.unattended.rig.receiptService!.goDown()
})

Given('the receipt service refuses the cardholder\'s address', function (this: CertificationWorld) {
  this.unattended.rig.receiptService!.mode = 'refusing the address'
})

Given('the receipt service is overloaded', function (this: CertificationWorld) {
  this.unattended.rig.receiptService!.mode = 'overloaded'
})

When('the {card} cardholder comes back an hour later and asks for the receipt with the card', async function (this: CertificationWorld, card: CardProfile) {
  await this.unattended.rig.wait(HOUR)
  await this.unattended.askReceiptWithCard(card)
})

When('a cardholder who never paid here asks for a receipt with a {card} card', async function (this: CertificationWorld, card: CardProfile) {
  await this.unattended.askReceiptWithCard(card)
})

When('the first cardholder scans the receipt code at the machine', async function (this: CertificationWorld) {
  await this.unattended.useReceiptCode(receiptCodesShown(this.unattended.rig)[0], 'get')
})

When('the cardholder scans the receipt code at the machine {int} days later', async function (this: CertificationWorld, days: number) {
  await this.unattended.rig.wait(days * DAY)
  await this.unattended.useReceiptCode(receiptCodesShown(this.unattended.rig)[0], 'get')
})

When('the cardholder scans the receipt code at the machine {int} hour(s) {int} minute(s) later', async function (this: CertificationWorld, hours: number, minutes: number) {
  await this.unattended.rig.wait(hours * HOUR + minutes * 60_000)
  await this.unattended.useReceiptCode(receiptCodesShown(this.unattended.rig)[0], 'get')
})

When('the cardholder types the receipt code at the machine with a space before and after it', async function (this: CertificationWorld) {
  await this.unattended.useReceiptCode(` ${receiptCodesShown(this.unattended.rig)[0]} `, 'get')
})

When('someone at the machine {word} the receipt code {word}', async function (this: CertificationWorld, what: string, code: string) {
  if (what !== 'scans' && what !== 'deletes') throw new Error(`someone at the machine scans or deletes a receipt code, not "${what}"`)
  await this.unattended.useReceiptCode(code, what === 'scans' ? 'get' : 'delete')
})

When('the {card} cardholder asks for the receipt with the card {int} days later', async function (this: CertificationWorld, card: CardProfile, days: number) {
  await this.unattended.rig.wait(days * DAY)
  await this.unattended.askReceiptWithCard(card)
})

When('the cardholder presses Reprint {int} seconds after the machine showed the receipt code', async function (this: CertificationWorld, seconds: number) {
  const { rig } = this.unattended
  const shown = rig.machine.display.history.find((m) => m.source === 'register' && m.lines.some((l) => l.startsWith('QR ')))
  if (!shown) throw new Error('the machine never showed a receipt code')
  await rig.wait(shown.atMs + seconds * 1000 - rig.clock.now())
  rig.machine.reprintReceipt()
})

When('the cardholder presses Reprint {int} seconds after paying, and the next cardholder presses it {int} minutes later', async function (this: CertificationWorld, seconds: number, minutes: number) {
  await this.unattended.rig.wait(seconds * 1000)
  this.unattended.rig.machine.reprintReceipt()
  await this.unattended.rig.wait(minutes * 60_000)
  this.unattended.rig.machine.reprintReceipt()
})

Then('the machine says the receipt was printed and shows a code to get it later', function (this: CertificationWorld) {
  const said = machineTexts(this.unattended.rig)
  expect(said.filter((t) => /receipt has been printed|get your receipt later/i.test(t)).map((t) => t.replace(/QR \S+/, 'QR <code>')), 'what the machine said about the receipt').to.deep.equal([
    'Your receipt has been printed', 'Get your receipt later with your card or this code: | QR <code>',
  ])
})

Then('the receipt shows the masked card number of the {card} card, {amount}, date and time, terminal, approval code and card circuit', function (this: CertificationWorld, card: CardProfile, amount: Money) {
  const { rig } = this.unattended
  const answer = terminalAnswers(rig.log, 'CardPayment')[0].message
  const ticket = cardTickets(rig).printed[0]?.join('\n') ?? ''
  const expected = [maskPan(card.pan), ticketAmount(amount), answer.tender!.authorisation!.timeStamp!.slice(0, 10), `Terminal    ${answer.terminal!.terminalId}`, answer.tender!.authorisation!.approvalCode!, `Circuit     ${card.circuit}`]
  expect(expected.filter((item) => !ticket.includes(item)), 'mandatory items missing from the printed receipt').to.deep.equal([])
  expect(ticket, 'the printed receipt').to.not.include(card.pan)
})

Then('the machine prints a copy of the {card} card\'s receipt and nothing of the {card} card\'s', function (this: CertificationWorld, card: CardProfile, other: CardProfile) {
  const { rig, sessions } = this.unattended
  const copies = copiesPrinted(rig)
  expect(copies, 'copies printed: the Visa session\'s ticket as the terminal sent it').to.deep.equal([ticketSentFor(rig, sessions[0].authorisation?.requestId)])
  expect(copies.flat().join('\n'), 'the copy').to.include(`${card.name} ${maskPan(card.pan)}`).and.not.include(`${other.name} ${maskPan(other.pan)}`)
})

Then('the retrieval made no payment and no authorisation', function (this: CertificationWorld) {
  const { rig, sessions } = this.unattended
  expect(requestTypesSent(rig).slice(sessions.length), 'card requests after the sales').to.deep.equal(['CardValidation'])
  expect(rig.terminal.host.ledger.length, 'authorisations on the host').to.equal(sessions.length)
})

Then('the machine says no receipt is available and prints nothing', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.machine.display.current.join(' '), 'the last thing shown').to.equal('No receipt available')
  expect(copiesPrinted(rig), 'copies printed').to.deep.equal([])
})

Then('the machine says the receipt is no longer available, and no receipt is printed or shown', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.machine.display.current.join(' '), 'the last thing shown').to.equal('Receipt no longer available')
  expect([copiesPrinted(rig), machineTexts(rig).filter((t) => /copy/i.test(t))], 'copies printed or shown').to.deep.equal([[], []])
})

Then('the machine shows {string} and prints {int} copy of the cardholder\'s receipt', function (this: CertificationWorld, shown: string, copies: number) {
  const { rig, sessions } = this.unattended
  expect(rig.machine.display.current.join(' '), 'the last thing shown').to.equal(shown)
  expect(copiesPrinted(rig), 'copies printed: the ticket as the terminal sent it').to.deep.equal(Array.from({ length: copies }, () => ticketSentFor(rig, sessions[0].authorisation?.requestId)))
})

Then('one copy is printed, identical to the ticket and marked as a copy, and the second press prints nothing', function (this: CertificationWorld) {
  const { rig, sessions } = this.unattended
  expect(copiesPrinted(rig), 'copies printed').to.deep.equal([ticketSentFor(rig, sessions[0].authorisation?.requestId)])
  expect(machineTexts(rig).slice(-2), 'what the two presses got').to.deep.equal(['Copy printed', 'No receipt available'])
})

Then('no request reached the terminal for the reprint and no money moved', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(requestTypesSent(rig), 'card requests').to.deep.equal(['CardPayment'])
  expect(rig.terminal.host.ledger.length, 'authorisations on the host').to.equal(1)
})

Then('the ticket shows {amount} and an approval code', function (this: CertificationWorld, amount: Money) {
  const { rig } = this.unattended
  // The code the host issued, not the one the machine says it received: the ticket must carry that value.
  const issued = rig.terminal.host.ledger.filter((a) => a.decision.approved).map((a) => a.decision.approvalCode)
  expect(issued, 'approval codes the host issued').to.have.lengthOf(1).and.satisfy((codes: unknown[]) => typeof codes[0] === 'string' && codes[0] !== '')
  const [ticket] = cardTickets(rig).printed.map((t) => t.join('\n'))
  expect({ tickets: cardTickets(rig).printed.length, amount: ticket?.includes(ticketAmount(amount)), code: ticket?.includes(issued[0]!) }, 'the card ticket printed').to.deep.equal({ tickets: 1, amount: true, code: true })
})

Then('the machine prints a slip marked {word} with no approval code, and nothing is charged', function (this: CertificationWorld, mark: string) {
  const { rig } = this.unattended
  const slips = rig.machine.printer.printed.filter((r) => r.lines[0] === mark)
  expect(slips.length, `slips marked ${mark}`).to.equal(1)
  expect([cardTickets(rig).printed.length, slips[0].lines.some((l) => /approv/i.test(l))], 'card tickets, and an approval code on the slip').to.deep.equal([0, false])
  expect(rig.terminal.host.approvedTotal(), 'money taken').to.equal(0)
})

Then('the ticket shows the {amount} approved, not the {amount} asked for', function (this: CertificationWorld, approved: Money, asked: Money) {
  const tickets = cardTickets(this.unattended.rig).sent.map((t) => t.join('\n'))
  expect(tickets, 'card tickets').to.satisfy((t: string[]) => t.length === 1 && t[0].includes(ticketAmount(approved)) && !t[0].includes(ticketAmount(asked)))
})

Then('the terminal is told the printer is {word}', function (this: CertificationWorld, state: string) {
  expect(machineRequests(this.unattended.rig.log).map((r) => r.message.posData.printerStatus), 'PrinterStatus in each request').to.deep.equal([state])
})

Then('the operator is warned that the paper is low, and the receipt is printed', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.machine.receiptDesk!.notices.map((n) => n.what), 'what the operator was told').to.deep.equal(['printer paper low'])
  expect(cardTickets(rig).printed.length, 'card tickets printed').to.equal(1)
})

Then('before any payment the machine says no paper receipt is available and offers e-mail or a code', function (this: CertificationWorld) {
  const said = machineTexts(this.unattended.rig)
  expect(said.findIndex((t) => /no paper receipt available/i.test(t) && /e-mail \/ code/.test(t)), 'the no-paper message').to.be.within(0, said.findIndex((t) => /confirm/i.test(t)))
})

Then('no receipt is printed, and the machine shows a code to get it later', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect([cardTickets(rig).printed.length, receiptCodesShown(rig).length], 'tickets printed, and receipt codes shown').to.deep.equal([0, 1])
  expect(machineTexts(rig), 'what the machine said').to.include('No paper receipt could be printed')
})

Then('the receipt data and its card references are erased after {int} days, and the erasure is logged', function (this: CertificationWorld, days: number) {
  const { rig, sessions } = this.unattended
  const store = rig.receiptStore!
  expect(store.erasures().map((e) => [e.sessionId, e.atMs - sessions[0].endedAtMs! > days * DAY]), 'erasures logged, after the retention period').to.deep.equal([[sessions[0].id, true]])
  expect(store.remainsOf(sessions[0].id), 'what is left of the receipt').to.deep.equal([{ lines: null, cardToken: null, trackingToken: null }])
})

Then('the legal journal still holds the payment of {amount}', function (this: CertificationWorld, amount: Money) {
  expect(this.unattended.rig.machine.journal.entries().map((e) => [e.requestType, e.result, e.amount]), 'journal entries').to.deep.equal([['CardPayment', 'approved', amount]])
})

Then('an e-receipt for {word} reaches the receipt service within {int} seconds', async function (this: CertificationWorld, address: string, seconds: number) {
  const received = await this.unattended.rig.receiptService!.nextDelivery(seconds * 1000)
  expect(received.to, 'addressed to').to.equal(address)
})

Then('it holds the same lines as the printed ticket, with the card number masked, and only this transaction', function (this: CertificationWorld) {
  const { rig, sessions } = this.unattended
  const [received] = rig.receiptService!.received
  expect(received.lines, 'the e-receipt, against the ticket the terminal sent').to.deep.equal(outputsSentTo(rig.log, 'Printer')[0].lines)
  expect([received.requestId, rig.receiptService!.received.length], 'the transaction it names, and e-receipts sent').to.deep.equal([sessions[0].authorisation?.requestId, 1])
  expect(/\d{13,19}/.test(received.lines.join(' ')), 'a full card number in the e-receipt').to.equal(false)
})

Then('its subject is {string}, it carries the receipt code the machine showed, and the cardholder is told {string}', async function (this: CertificationWorld, subject: string, told: string) {
  const { rig } = this.unattended
  await this.unattended.eReceiptsSettled()
  const [received] = rig.receiptService!.received
  expect([received.subject, received.trackingToken], 'the e-receipt\'s subject and receipt code').to.deep.equal([subject, receiptCodesShown(rig)[0]])
  expect(machineTexts(rig).at(-1), 'what the machine said last').to.equal(told)
})

Then('no e-receipt reaches the receipt service and nothing is logged for the operator', async function (this: CertificationWorld) {
  const { rig } = this.unattended
  await this.unattended.eReceiptsSettled()
  expect([rig.receiptService!.received, rig.machine.receiptDesk!.notices], 'e-receipts received, and operator notices').to.deep.equal([[], []])
  expect(machineTexts(rig).filter((t) => /e-receipt (sent|could not)/i.test(t)), 'what the machine said about an e-receipt').to.deep.equal([])
})

Then('the payment of {amount} stands and nothing is reversed', async function (this: CertificationWorld, amount: Money) {
  await this.unattended.eReceiptsSettled()
  const ledger = this.unattended.rig.terminal.host.ledger
  expect(ledger.map((a) => [a.amount, a.decision.approved, a.reversed ?? false]), 'the host\'s ledger').to.deep.equal([[amount, true, false]])
})

Then('the cardholder is told the e-receipt failed and is shown a code to get the receipt instead', function (this: CertificationWorld) {
  const failed = machineTexts(this.unattended.rig).filter((t) => /e-receipt could not be sent/i.test(t))
  expect(failed.map((t) => t.replace(/QR \S+/, 'QR <code>')), 'what the machine said').to.deep.equal(['E-receipt could not be sent; your payment is fine. Print it or use your code: | QR <code>'])
  expect(receiptCodesShown(this.unattended.rig).every((c) => c === receiptCodesShown(this.unattended.rig)[0]), 'the same code each time').to.equal(true)
})

Then('the failure is logged for the operator with the transaction\'s reference and the reason {string}, and the machine is ready for the next cardholder', async function (this: CertificationWorld, reason: string) {
  const { rig, sessions } = this.unattended
  const expected = reason.replace('{service address}', new URL(rig.receiptService!.url).host)
  expect(rig.machine.receiptDesk!.notices.map((n) => [n.what, n.requestId, n.reason]), 'operator notices').to.deep.equal([['e-receipt failed', sessions[0].authorisation?.requestId, expected]])
  expect(await nextCardholderIsServed(this.unattended), 'the next cardholder (one ticket, Maestro, PIN), as the terminal, the host and the vending mechanism saw it')
    .to.deep.equal({ requests: ['CardPayment en'], answers: ['CardPayment Success'], paid: { onTheWire: ['2.50 EUR'], onTheHost: ['2.50 EUR'] }, delivered: '1 x P1' })
})

