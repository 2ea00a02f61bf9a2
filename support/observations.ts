import { describeActionCode } from '../src/opi/action-codes'
import type { ConversationEntry, ConversationLog } from '../src/opi/conversation-log'
import type { CardServiceRequest, CardServiceResponse, DeviceRequest, DeviceResponse, OutDeviceTarget, TextLine } from '../src/opi/messages'

/**
 * What an observer of the link saw, read from the integration's conversation log. Assertions compare
 * these with what the register showed, printed and journaled, so they hold for any terminal.
 */

export interface SentRequest {
  request: CardServiceRequest
  /** When it crossed the link, on the rig's clock. */
  atMs: number
  /** The XML exactly as it went out. */
  xml: string
}

/** Every card-service request the integration sent, in order: the one reader of that for every step file. */
export function cardServiceRequests(log: ConversationLog): SentRequest[] {
  return log.entries.flatMap((e: ConversationEntry) =>
    e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' ? [{ request: e.message, atMs: e.atMs, xml: e.text }] : [])
}

export interface TerminalOutput {
  requestId: string
  lines: string[]
}

/**
 * A message's lines as a display or a printer shows them, in row order, however the terminal ordered
 * them in the message. The register under test sorts its own; this is the witness's reading.
 */
export function linesInRowOrder(textLines: readonly TextLine[]): string[] {
  return textLines.slice().sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((l) => l.text)
}

/** Text the terminal sent to one of the register's devices, in the order it arrived. */
export function outputsSentTo(log: ConversationLog, target: OutDeviceTarget): TerminalOutput[] {
  return log.messages()
    .filter((m): m is DeviceRequest => m.kind === 'DeviceRequest')
    .flatMap((m) => m.outputs.filter((o) => o.target === target).map((o) => ({
      requestId: m.requestId,
      lines: linesInRowOrder(o.textLines),
    })))
}

export function deviceRequests(log: ConversationLog): DeviceRequest[] {
  return log.messages().filter((m): m is DeviceRequest => m.kind === 'DeviceRequest')
}

export function deviceResponses(log: ConversationLog): DeviceResponse[] {
  return log.messages().filter((m): m is DeviceResponse => m.kind === 'DeviceResponse')
}

export interface ReceivedResponse {
  response: CardServiceResponse
  atMs: number
  xml: string
}

/** Final answers the terminal gave on channel 0, in the order they arrived. */
export function cardServiceResponses(log: ConversationLog): ReceivedResponse[] {
  return log.entries.flatMap((e: ConversationEntry) =>
    e.from === 'terminal' && e.message?.kind === 'CardServiceResponse' ? [{ response: e.message, atMs: e.atMs, xml: e.text }] : [])
}

/**
 * Why the terminal said its last payment failed: its ErrorText, or else its action code read through
 * the protocol's table (src/opi), which is what a register must show the cashier.
 */
export function reasonTheTerminalGave(log: ConversationLog): string | undefined {
  const answer = cardServiceResponses(log).at(-1)?.response
  const code = answer?.tender?.authorisation?.actionCode
  return answer?.privateData?.errorText ?? (code ? describeActionCode(code) : undefined)
}

/** When each message for the cashier display arrived at the register. */
export function cashierMessageArrivals(log: ConversationLog): { atMs: number; lines: string[] }[] {
  return log.entries.flatMap((e: ConversationEntry) => {
    if (e.from !== 'terminal' || e.message?.kind !== 'DeviceRequest') return []
    return e.message.outputs.filter((o) => o.target === 'CashierDisplay')
      .map((o) => ({ atMs: e.atMs, lines: linesInRowOrder(o.textLines) }))
  })
}

export interface ObservedAbort {
  requestId: string
  /** The payment that was running when the abort went out, if any. */
  duringPayment?: string
  /** The terminal's answer to the abort, and how that payment ended. */
  answer?: string
  paymentEnded?: string
}

/** Every abort the register sent, placed against the payment it interrupted, as seen on the link. */
export function abortsSent(log: ConversationLog): ObservedAbort[] {
  const answers = cardServiceResponses(log).map((r) => r.response)
  const answerTo = (requestId?: string) => answers.find((a) => a.requestId === requestId)?.overallResult
  const unanswered: string[] = []
  const aborts: ObservedAbort[] = []
  for (const { from, message } of log.entries) {
    if (from === 'terminal' && message?.kind === 'CardServiceResponse' && unanswered.includes(message.requestId)) unanswered.splice(unanswered.indexOf(message.requestId), 1)
    if (from !== 'ECR' || message?.kind !== 'CardServiceRequest') continue
    if (message.requestType !== 'AbortRequest') unanswered.push(message.requestId)
    else aborts.push({ requestId: message.requestId, duringPayment: unanswered[0], answer: answerTo(message.requestId), paymentEnded: unanswered[0] && answerTo(unanswered[0]) })
  }
  return aborts
}

/** Device requests the register did not answer with Success under the same id, as "id -> answer". */
export function deviceRequestsNotAcknowledged(log: ConversationLog): string[] {
  const answered = new Map(deviceResponses(log).map((r) => [r.requestId, r.overallResult]))
  return deviceRequests(log).filter((r) => answered.get(r.requestId) !== 'Success').map((r) => `${r.requestId} -> ${answered.get(r.requestId) ?? 'no answer'}`)
}

/** The terminal's own id as it gave it in its answers: the same on any terminal, read from the wire. */
export function terminalIdOnTheWire(log: ConversationLog): string | undefined {
  return cardServiceResponses(log).map((r) => r.response.terminal?.terminalId).find((id) => id !== undefined && id !== '')
}
