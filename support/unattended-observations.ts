import type { ConversationLog } from '../src/opi/conversation-log'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse } from '../src/opi/messages'
import { formatDecimal, type Money } from '../src/opi/money'
import { cardServiceRequests, cardServiceResponses, outputsSentTo } from './observations'
import type { UnattendedRig } from './unattended-rig'

/** What an observer of the link saw between the machine and its terminal, with the time it crossed. */

export interface Observed<M> {
  message: M
  atMs: number
  xml: string
}

export function machineRequests(log: ConversationLog, type?: CardServiceRequestType): Observed<CardServiceRequest>[] {
  return cardServiceRequests(log).filter((r) => !type || r.request.requestType === type).map(({ request, atMs, xml }) => ({ message: request, atMs, xml }))
}

export function terminalAnswers(log: ConversationLog, type?: CardServiceRequestType): Observed<CardServiceResponse>[] {
  return cardServiceResponses(log).filter((r) => !type || r.response.requestType === type).map(({ response, atMs, xml }) => ({ message: response, atMs, xml }))
}

/** Requests that would move money: a payment or a reservation with any amount. */
export function moneyRequests(log: ConversationLog): Observed<CardServiceRequest>[] {
  return machineRequests(log).filter((r) => r.message.requestType === 'CardPayment' || r.message.requestType === 'CardPreAuthorisation')
}

// ---- what the machine, its devices and the host show, read for the assertions of unattended steps

/** The amount as the terminal prints it on a ticket: "EUR 15.00". */
export const ticketAmount = (amount: Money): string => `EUR ${formatDecimal(amount)}`

export function requestTypesSent(rig: UnattendedRig): string[] {
  return machineRequests(rig.log).map((r) => r.message.requestType)
}

export function answersReceived(rig: UnattendedRig): [string, string][] {
  return terminalAnswers(rig.log).map((a) => [a.message.requestType, a.message.overallResult])
}

/** Texts the machine wrote itself (not the terminal's), one string per screen, up to a moment. */
export function machineTexts(rig: UnattendedRig, untilMs = Infinity): string[] {
  return rig.machine.display.history.filter((m) => m.source === 'register' && m.atMs <= untilMs).map((m) => m.lines.join(' | '))
}

/** Texts the machine wrote itself from a moment on: what the next cardholder saw first. */
export function machineTextsSince(rig: UnattendedRig, fromMs: number): string[] {
  return rig.machine.display.history.filter((m) => m.source === 'register' && m.atMs >= fromMs).map((m) => m.lines.join(' | '))
}

/** Everything on the machine's customer display, machine's and terminal's texts alike. */
export function everythingShown(rig: UnattendedRig): string[] {
  return rig.machine.display.history.map((m) => m.lines.join(' | '))
}

export function firstRequestAt(rig: UnattendedRig, type?: CardServiceRequestType): number {
  return machineRequests(rig.log, type)[0]?.atMs ?? Infinity
}

/** The trace number of the n-th reservation the terminal approved. */
export function reservationStan(rig: UnattendedRig, index = 0): string | undefined {
  return terminalAnswers(rig.log, 'CardPreAuthorisation').filter((a) => a.message.overallResult === 'Success')[index]?.message.terminal?.stan
}

export function completionsOf(rig: UnattendedRig, stan: string | undefined): (Money | undefined)[] {
  return machineRequests(rig.log, 'CardFinancialAdvice').filter((r) => r.message.originalTransaction?.stan === stan).map((r) => r.message.totalAmount)
}

export function capturedOn(rig: UnattendedRig, stan: string | undefined): (Money | undefined)[] {
  return rig.terminal.host.reservations.filter((r) => r.stan === stan).map((r) => r.captured)
}

export function metered(rig: UnattendedRig, device: number): Money[] {
  return rig.device(String(device)).runs.map((r) => r.delivered)
}

/** The card tickets as the terminal sent them, and as the machine printed them. */
export function cardTickets(rig: UnattendedRig): { sent: string[][]; printed: string[][] } {
  return {
    sent: outputsSentTo(rig.log, 'Printer').map((o) => o.lines),
    printed: rig.machine.printer.printed.filter((r) => r.lines.some((l) => l.startsWith('Terminal'))).map((r) => r.lines),
  }
}

/** The terminal's messages for the cardholder as sent, and as the machine showed them, in order. */
export function terminalMessages(rig: UnattendedRig): { sent: string[][]; shown: string[][] } {
  const sent = [...outputsSentTo(rig.log, 'CustomerDisplay'), ...outputsSentTo(rig.log, 'CashierDisplay')]
    .sort((a, b) => a.requestId.localeCompare(b.requestId, 'en', { numeric: true }))
  return { sent: sent.map((o) => o.lines), shown: rig.machine.display.fromTerminal().map((m) => m.lines) }
}

/** What the vending mechanism dropped, and whether it was after the terminal's go-ahead to deliver. */
export function vended(rig: UnattendedRig): { slot: string; quantity: number; afterTheGoAhead: boolean }[] {
  const goAhead = rig.log.entries.find((e) => e.message?.kind === 'DeviceRequest' && e.message.outputs.some((o) => o.target === 'DeliveryBox'))?.atMs ?? Infinity
  return rig.vending.vended.map((v) => ({ slot: v.slot, quantity: v.quantity, afterTheGoAhead: v.atMs >= goAhead }))
}

/** Requests and answers on the terminal's request channel strictly alternate: never two requests at once. */
export function oneRequestAtATime(rig: UnattendedRig): boolean {
  const order = rig.log.entries.filter((e) => e.channel === 0 && e.message?.kind.startsWith('CardService')).map((e) => e.message!.kind)
  return order.every((kind, i) => kind === (i % 2 === 0 ? 'CardServiceRequest' : 'CardServiceResponse'))
}

/** For a session whose completion had to wait: when its delivery ended, when it was sent, when the other card was authorised. */
export function postponedCompletion(rig: UnattendedRig): { postponed?: boolean; deliveryEndedBeforeOtherCard: boolean; sentAfterOtherCard: boolean } {
  const [first] = rig.machine.sessions.all()
  const otherAuthorised = terminalAnswers(rig.log, 'CardPreAuthorisation')[1]?.atMs ?? Infinity
  const sentAt = machineRequests(rig.log, 'CardFinancialAdvice').find((r) => r.message.originalTransaction?.stan === first.authorisation?.stan)?.atMs ?? 0
  const endedAt = rig.device(first.device!).runs[0].endedAtMs ?? Infinity
  return { postponed: first.completionPostponed, deliveryEndedBeforeOtherCard: endedAt < otherAuthorised, sentAfterOtherCard: sentAt >= otherAuthorised }
}

/** Whether one screen of the customer display said all of these things. */
export function shownTogether(rig: UnattendedRig, ...meaning: (RegExp | string)[]): boolean {
  return everythingShown(rig).some((text) => meaning.every((m) => (typeof m === 'string' ? text.includes(m) : m.test(text))))
}

/** The seconds from the first request to the terminal until its answer. */
export function firstAnswerDelayMs(rig: UnattendedRig): number {
  return (terminalAnswers(rig.log)[0]?.atMs ?? Infinity) - firstRequestAt(rig)
}

/** Each completion with the reservation it names, and each reservation with what the host captured: both sorted. */
export function completionsAndCaptures(rig: UnattendedRig): { completions: unknown[][]; captures: unknown[][] } {
  return {
    completions: machineRequests(rig.log, 'CardFinancialAdvice').map((r) => [r.message.originalTransaction?.stan, r.message.totalAmount]).sort(),
    captures: rig.terminal.host.reservations.map((r) => [r.stan, r.captured]).sort(),
  }
}

/** Service requests (card circuits, reconciliation) the machine sent, with when they crossed. */
export function serviceRequestsSent(rig: UnattendedRig): { requestType: string; atMs: number; shiftNumber?: number }[] {
  return rig.log.entries.flatMap((e) => (e.from === 'ECR' && e.message?.kind === 'ServiceRequest'
    ? [{ requestType: e.message.requestType, atMs: e.atMs, shiftNumber: e.message.posData.shiftNumber }] : []))
}

/** The receipt codes (QR text) the machine showed, in the order it showed them. */
export function receiptCodesShown(rig: UnattendedRig): string[] {
  return machineTexts(rig).flatMap((t) => [...t.matchAll(/QR (\S+)/g)].map((m) => m[1]))
}

/** Copies the machine printed (marked), each as its lines without the mark. */
export function copiesPrinted(rig: UnattendedRig): string[][] {
  return rig.machine.printer.printed.filter((r) => r.lines[0] === '*** COPY ***').map((r) => r.lines.slice(1))
}

/** The card ticket the terminal sent for printing or the e-journal for one request: the witness a copy is compared with. */
export function ticketSentFor(rig: UnattendedRig, requestId: string | undefined): string[] {
  const sent = [...outputsSentTo(rig.log, 'Printer'), ...outputsSentTo(rig.log, 'E-Journal')]
  return sent.find((o) => o.requestId.split('.')[0] === requestId)?.lines ?? []
}
