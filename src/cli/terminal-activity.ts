import { summarise } from '../opi/conversation-log'
import { decodeMessage } from '../opi/codec'
import { FrameDecoder } from '../opi/framing'
import type { CardServiceResponse, OpiMessage, ServiceResponse } from '../opi/messages'
import { describeMoney } from '../opi/money'
import type { Connection } from '../link/transport'
import type { CableTraffic } from '../terminal/terminal-cable'

/** One thing the terminal did on the wire, in words for the person at the bench. */
export interface WireEvent {
  channel: 0 | 1
  line: string
  message?: OpiMessage
}

/** The terminal's last final answer, as GET /status reports it. */
export interface LastAnswer {
  requestType: string
  requestId: string
  overallResult: string
  amount?: string
  approvalCode?: string
  cardCircuit?: string
}

/**
 * Reads the bytes on the terminal's cable back into OPI messages, so the bench can print what the
 * terminal received and sent without the terminal being changed for it.
 */
export class TerminalActivity {
  lastAnswer?: LastAnswer
  private readonly decoders = new Map<Connection, { in: FrameDecoder; out: FrameDecoder }>()

  constructor(private readonly report: (event: WireEvent) => void) {}

  watch(traffic: CableTraffic): void {
    const channel = traffic.role === 'accepted' ? 0 : 1
    const peer = channel === 0 ? 'register on channel 0' : 'register\'s devices on channel 1'
    if (traffic.event === 'opened') {
      this.decoders.set(traffic.connection, { in: new FrameDecoder(), out: new FrameDecoder() })
      this.report({ channel, line: channel === 0 ? 'register connected (channel 0)' : 'connected to the register\'s devices (channel 1)' })
      return
    }
    if (traffic.event === 'closed') {
      this.decoders.delete(traffic.connection)
      this.report({ channel, line: `link to the ${peer} closed` })
      return
    }
    const decoder = this.decoders.get(traffic.connection)?.[traffic.event]
    if (!decoder || !traffic.bytes) return
    let frames: Uint8Array[]
    try {
      frames = decoder.push(traffic.bytes)
    } catch (error) {
      this.report({ channel, line: `unreadable bytes from the ${peer}: ${(error as Error).message}` })
      return
    }
    for (const frame of frames) this.frame(channel, traffic.event, frame)
  }

  private frame(channel: 0 | 1, direction: 'in' | 'out', bytes: Uint8Array): void {
    let message: OpiMessage
    try {
      message = decodeMessage(bytes).message
    } catch (error) {
      this.report({ channel, line: `${direction === 'in' ? 'received' : 'sent'} an unreadable message: ${(error as Error).message}` })
      return
    }
    if (channel === 0 && direction === 'out' && (message.kind === 'CardServiceResponse' || message.kind === 'ServiceResponse')) {
      this.lastAnswer = answerOf(message)
    }
    this.report({ channel, line: `${direction === 'in' ? '<-' : '->'} ${summarise(message)}${details(message)}`, message })
  }
}

function answerOf(message: CardServiceResponse | ServiceResponse): LastAnswer {
  const tender = message.kind === 'CardServiceResponse' ? message.tender : undefined
  return {
    requestType: message.requestType, requestId: message.requestId, overallResult: message.overallResult,
    amount: tender?.totalAmount && describeMoney(tender.totalAmount),
    approvalCode: tender?.authorisation?.approvalCode, cardCircuit: tender?.authorisation?.cardCircuit,
  }
}

/** What a person wants to see beyond the summary: the amount asked, the text shown or printed. */
function details(message: OpiMessage): string {
  if (message.kind === 'CardServiceRequest' && message.totalAmount) return ` ${describeMoney(message.totalAmount)}`
  if (message.kind === 'DeviceRequest') {
    const shown = message.outputs.filter((o) => o.target.endsWith('Display')).flatMap((o) => o.textLines.map((l) => l.text))
    return shown.length ? ` "${shown.join(' / ')}"` : ''
  }
  if (message.kind === 'CardServiceResponse' && message.tender?.authorisation?.actionCode) return ` (action code ${message.tender.authorisation.actionCode})`
  return ''
}
