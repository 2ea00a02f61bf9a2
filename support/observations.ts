import type { ConversationEntry, ConversationLog } from '../src/opi/conversation-log'
import type { CardServiceRequest, DeviceRequest, DeviceResponse, OutDeviceTarget } from '../src/opi/messages'

/**
 * What an observer of the link saw, read from the integration's conversation log. Assertions compare
 * these with what the register showed, printed and journaled, so they hold for any terminal.
 */

export interface SentRequest {
  request: CardServiceRequest
  /** The XML exactly as it went out. */
  xml: string
}

export function cardServiceRequests(log: ConversationLog): SentRequest[] {
  return log.entries.flatMap((e: ConversationEntry) =>
    e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' ? [{ request: e.message, xml: e.text }] : [])
}

export interface TerminalOutput {
  requestId: string
  lines: string[]
}

/** Text the terminal sent to one of the register's devices, in the order it arrived. */
export function outputsSentTo(log: ConversationLog, target: OutDeviceTarget): TerminalOutput[] {
  return log.messages()
    .filter((m): m is DeviceRequest => m.kind === 'DeviceRequest')
    .flatMap((m) => m.outputs.filter((o) => o.target === target).map((o) => ({
      requestId: m.requestId,
      lines: o.textLines.slice().sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((l) => l.text),
    })))
}

export function deviceRequests(log: ConversationLog): DeviceRequest[] {
  return log.messages().filter((m): m is DeviceRequest => m.kind === 'DeviceRequest')
}

export function deviceResponses(log: ConversationLog): DeviceResponse[] {
  return log.messages().filter((m): m is DeviceResponse => m.kind === 'DeviceResponse')
}
