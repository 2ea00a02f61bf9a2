import { withTimeout, type Clock } from '../clock/clock'
import type { WireFormat } from '../opi/codec'
import type { DeviceRequestIds } from '../opi/dialect'
import type { DeviceRequest, DeviceResponse, InputRequest, OpiMessage, OutputRequest } from '../opi/messages'
import { OpiConnection, type TrafficEvent } from '../opi/opi-connection'
import type { Endpoint, Transport } from '../link/transport'

export interface EcrDeviceLinkConfig {
  transport: Transport
  clock: Clock
  ecr: Endpoint
  format: WireFormat
  /** How long the terminal waits for the ECR to answer one DeviceRequest. */
  responseTimeoutMs: number
  terminalId: string
  /**
   * Single-socket mode: DeviceRequests go on this channel-0 connection (the one the request came on)
   * instead of a call-back connection; its owner passes the answers in through `deliver`.
   */
  channel?: OpiConnection
  /** `dotted` (default) numbers requests `<parent>.<n>`; `incrementing` takes ids from `nextPlainId`. */
  requestIds?: DeviceRequestIds
  nextPlainId?: () => string
  /** Some firmware writes a message's lines last row first; each line keeps its Row, which gives the order. */
  rowsLastFirst?: boolean
  /** A tap for each call-back connection, for whoever witnesses the terminal's side of the conversation. */
  witness?: () => (event: TrafficEvent) => void
}

/** The ECR did not answer a device request; the terminal cannot go on with the transaction. */
export class EcrDeviceUnavailable extends Error {
  constructor(why: string) {
    super(`the register's devices are unavailable: ${why}`)
    this.name = 'EcrDeviceUnavailable'
  }
}

/**
 * Channel 1 from the terminal's side: connects back to the ECR when a device is first needed, sends
 * one DeviceRequest at a time and waits for its answer before going on, as OPI demands.
 */
export class EcrDeviceLink {
  private connection?: OpiConnection
  private sequence = 0
  private waiting?: { requestId: string; resolve: (r: DeviceResponse) => void; reject: (e: Error) => void }
  /**
   * Past authorisation the money is taken: a register that cannot be reached no longer stops the
   * payment, the output is simply not delivered (and the ticket becomes owed).
   */
  bestEffort = false
  /** The cable to the register is out: nothing is delivered, the terminal carries on for the cardholder. */
  isCut: () => boolean = () => false

  constructor(private readonly config: EcrDeviceLinkConfig, private readonly parentRequestId: string, private readonly workstationId: string) {}

  output(...outputs: OutputRequest[]): Promise<DeviceResponse> {
    return this.send(outputs)
  }

  input(question: OutputRequest, input: InputRequest): Promise<DeviceResponse> {
    return this.send([question], input)
  }

  /** The shared channel-0 connection is its owner's to close; only a call-back connection is ours. */
  close(): void {
    if (!this.config.channel && this.connection && !this.connection.closed) this.connection.close()
    this.connection = undefined
  }

  /** An answer that arrived on a connection someone else reads (single-socket mode). */
  deliver(message: OpiMessage): void {
    // Answers with another id (a confused ECR) are ignored: the terminal then times out, as a real one would.
    if (message.kind === 'DeviceResponse' && message.requestId === this.waiting?.requestId) this.waiting.resolve(message)
  }

  private nextRequestId(): string {
    this.sequence++
    if (this.config.requestIds === 'incrementing' && this.config.nextPlainId) return this.config.nextPlainId()
    return `${this.parentRequestId}.${this.sequence}`
  }

  private async send(outputs: OutputRequest[], input?: InputRequest): Promise<DeviceResponse> {
    if (this.isCut()) return undelivered(this.workstationId, outputs, input)
    try {
      return await this.exchange(outputs, input)
    } catch (error) {
      if (this.bestEffort && error instanceof EcrDeviceUnavailable) return undelivered(this.workstationId, outputs, input)
      throw error
    }
  }

  /** One DeviceRequest out, its answer back. */
  private async exchange(outputs: OutputRequest[], input?: InputRequest): Promise<DeviceResponse> {
    const connection = await this.connect()
    const request: DeviceRequest = {
      kind: 'DeviceRequest', requestType: input ? 'Input' : 'Output', requestId: this.nextRequestId(),
      workstationId: this.workstationId, terminalId: this.config.terminalId, applicationSender: 'CCV simulated terminal',
      outputs: this.config.rowsLastFirst ? outputs.map((o) => ({ ...o, textLines: [...o.textLines].reverse() })) : outputs, input,
    }
    const answer = new Promise<DeviceResponse>((resolve, reject) => { this.waiting = { requestId: request.requestId, resolve, reject } })
    connection.send(request)
    try {
      return await withTimeout(this.config.clock, answer, this.config.responseTimeoutMs, `DeviceRequest #${request.requestId}`)
    } catch (error) {
      throw new EcrDeviceUnavailable((error as Error).message)
    } finally {
      this.waiting = undefined
    }
  }

  private async connect(): Promise<OpiConnection> {
    if (this.connection && !this.connection.closed) return this.connection
    if (this.config.channel) return this.shared(this.config.channel)
    let raw
    try {
      raw = await this.config.transport.connect(this.config.ecr)
    } catch (error) {
      throw new EcrDeviceUnavailable((error as Error).message)
    }
    const connection = new OpiConnection(raw, { format: this.config.format, tap: this.config.witness?.() })
    connection.onMessage((message) => this.deliver(message))
    connection.onClose((error) => this.waiting?.reject(error ?? new Error('the register closed the device channel')))
    this.connection = connection
    return connection
  }

  private shared(channel: OpiConnection): OpiConnection {
    if (channel.closed) throw new EcrDeviceUnavailable('the register closed the connection the request came on')
    channel.onClose((error) => this.waiting?.reject(error ?? new Error('the register closed the connection')))
    this.connection = channel
    return channel
  }
}

/** The terminal's own note of an output that never reached the register (nothing crossed the link). */
function undelivered(workstationId: string, outputs: OutputRequest[], input?: InputRequest): DeviceResponse {
  return {
    kind: 'DeviceResponse', requestType: input ? 'Input' : 'Output', requestId: 'undelivered', workstationId, overallResult: 'DeviceUnavailable',
    outputs: outputs.map((o) => ({ target: o.target, outResult: 'DeviceUnavailable' })),
    input: input && { target: input.target, inResult: 'DeviceUnavailable' },
  }
}
