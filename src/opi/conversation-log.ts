import type { Clock } from '../clock/clock'
import type { OpiMessage } from './messages'
import type { TrafficEvent } from './opi-connection'

export type Channel = 0 | 1
export type Party = 'ECR' | 'terminal'

export interface ConversationEntry {
  atMs: number
  channel: Channel
  from: Party
  /** One line for people: "CardServiceRequest CardPayment #1". */
  summary: string
  /** The XML as it crossed the link, or why the link closed. */
  text: string
  message?: OpiMessage
  problem?: string
}

export function summarise(message: OpiMessage): string {
  const result = 'overallResult' in message ? ` -> ${message.overallResult}` : ''
  const targets = message.kind === 'DeviceRequest' ? ` [${message.outputs.map((o) => o.target).join(', ')}${message.input ? ` Input ${message.input.command}` : ''}]` : ''
  return `${message.kind} ${message.requestType} #${message.requestId}${targets}${result}`
}

/**
 * Everything the integration sent and received on both channels, in order, with the time on the
 * clock in use: the evidence CCV reads first in the report.
 */
export class ConversationLog {
  readonly entries: ConversationEntry[] = []

  constructor(private readonly clock: Clock) {}

  /** A tap for one connection as seen from `self`. */
  tap(channel: Channel, self: Party): (event: TrafficEvent) => void {
    const other: Party = self === 'ECR' ? 'terminal' : 'ECR'
    return (event) => {
      const atMs = this.clock.now()
      if (event.direction === 'closed') {
        this.entries.push({ atMs, channel, from: self, summary: event.error ? `link broken: ${event.error.message}` : 'link closed', text: '', problem: event.error?.message })
      } else if ('error' in event) {
        this.entries.push({ atMs, channel, from: other, summary: `unreadable message: ${event.error.message}`, text: event.text, problem: event.error.message })
      } else {
        this.entries.push({ atMs, channel, from: event.direction === 'sent' ? self : other, summary: summarise(event.message), text: event.text, message: event.message })
      }
    }
  }

  /** Free-text remark, e.g. that the integration gave up waiting. */
  note(channel: Channel, from: Party, summary: string): void {
    this.entries.push({ atMs: this.clock.now(), channel, from, summary, text: '' })
  }

  messages(): OpiMessage[] {
    return this.entries.flatMap((e) => (e.message ? [e.message] : []))
  }
}
