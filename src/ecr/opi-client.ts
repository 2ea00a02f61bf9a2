import { TimeoutError, withTimeout, type Clock, type TimerHandle } from '../clock/clock'
import type { OpiDecodeError, WireFormat } from '../opi/codec'
import type { ConversationLog } from '../opi/conversation-log'
import type { SocketMode } from '../opi/dialect'
import type {
  CardServiceRequest, CardServiceResponse, DeviceRequest, DeviceResponse, OpiMessage, ServiceRequest, ServiceResponse,
} from '../opi/messages'
import { OpiConnection } from '../opi/opi-connection'
import { describeEndpoint, type Connection, type Endpoint, type Listener, type Transport } from '../link/transport'

export interface OpiClientConfig {
  transport: Transport
  clock: Clock
  /** The terminal's channel 0, where requests go. */
  terminal: Endpoint
  /** Our channel 1, where the terminal sends DeviceRequests. Unused in single-socket mode. */
  deviceListener: Endpoint
  format: WireFormat
  /** How long to wait for the final answer; longer than the terminal's longest cardholder timeout. */
  responseTimeoutMs: number
  /**
   * How long opening a channel-0 connection may take (blix-opi's T0 is 120 s). Past it the terminal
   * counts as unreachable and nothing was sent. Unset: the transport's own limit applies.
   */
  connectTimeoutMs?: number
  /**
   * Longest silence between two messages on either channel while a request runs (blix-opi's T2 is
   * 300 s; CCV vending firmware uses 50 s). Every message restarts it; past it the outcome is unknown.
   * Unset: only the response timeout applies.
   */
  silenceTimeoutMs?: number
  /** `single`: DeviceRequests arrive on the channel-0 connection and are answered there; no listener. */
  socketMode?: SocketMode
  log?: ConversationLog
}

/**
 * Where a request goes. `new` (default): a fresh channel-0 connection, as most ECRs do. `shared`: the
 * channel-0 connection of the request already running, as CCV vending firmware sends its AbortRequest.
 */
export interface RequestOptions {
  connection?: 'new' | 'shared'
}

export type DeviceRequestHandler = (request: DeviceRequest) => Promise<DeviceResponse>

/** The request reached the terminal (or may have), but its answer never came: the outcome is unknown. */
export class ResultUnknown extends Error {
  constructor(readonly request: CardServiceRequest | ServiceRequest, why: string) {
    super(`${request.requestType} #${request.requestId}: result unknown (${why})`)
    this.name = 'ResultUnknown'
  }
}

/** The request never left: the terminal could not be reached. Nothing can have happened. */
export class TerminalUnreachable extends Error {
  constructor(readonly endpoint: Endpoint, cause: Error) {
    super(`the terminal at ${describeEndpoint(endpoint)} cannot be reached: ${cause.message}`)
    this.name = 'TerminalUnreachable'
  }
}

type ResponseFor<R> = R extends CardServiceRequest ? CardServiceResponse : ServiceResponse

/** A channel-0 connection and how many requests still wait for an answer on it. */
interface Channel0 {
  opi: OpiConnection
  waiting: number
}

/**
 * The ECR side of OPI: listens on channel 1 for the terminal's device requests, sends requests on
 * channel 0 and waits for their final answers. Knows the protocol, not the shop.
 *
 * Aborting a running payment: `client.request(abortRequest)` sends it on a new connection;
 * `client.request(abortRequest, { connection: 'shared' })` sends it on the payment's own connection.
 * Either way both answers arrive, each resolving its own `request()` promise, in whatever order the
 * terminal sends them.
 */
export class OpiClient {
  private listener?: Listener
  private readonly pending = new Map<string, {
    request: CardServiceRequest | ServiceRequest
    resolve: (response: CardServiceResponse | ServiceResponse) => void
    reject: (error: Error) => void
  }>()
  private readonly open: Channel0[] = []
  private opening?: Promise<void>
  /** Restarts the silence timers of all running requests; one per request. */
  private readonly silenceWatches = new Set<SilenceWatch>()

  constructor(private readonly config: OpiClientConfig, private readonly onDeviceRequest: DeviceRequestHandler) {}

  /**
   * Channel 1 must be open before any request goes out, or the terminal has nowhere to show its prompts.
   * Two requests starting at once share one opening, so the second does not find the port in use.
   */
  start(): Promise<void> {
    if (this.config.socketMode === 'single') return Promise.resolve()
    this.opening ??= this.config.transport.listen(this.config.deviceListener, (connection) => {
      const opi = new OpiConnection(connection, { format: this.config.format, tap: this.config.log?.tap(1, 'ECR') })
      opi.onMessage((message) => { this.heard(); void this.answerDeviceRequest(opi, message) })
      opi.onBadMessage((error) => this.answerUnreadableDeviceRequest(opi, error))
    }).then((listener) => { this.listener = listener }, (error: unknown) => {
      this.opening = undefined // a failed opening may be retried
      throw error
    })
    return this.opening
  }

  /** Where the device channel actually listens once started (a listener asked for port 0 gets one from the system). */
  get deviceEndpoint(): Endpoint | undefined {
    return this.listener?.endpoint
  }

  async stop(): Promise<void> {
    await this.opening?.catch(() => undefined)
    await this.listener?.close()
    this.listener = undefined
    this.opening = undefined
  }

  /** Sends one request and resolves with its final response; see RequestOptions for which connection. */
  async request<R extends CardServiceRequest | ServiceRequest>(request: R, options: RequestOptions = {}): Promise<ResponseFor<R>> {
    await this.start()
    const channel = options.connection === 'shared' ? this.running() : await this.connect()
    channel.waiting++
    const answer = new Promise<ResponseFor<R>>((resolve, reject) => {
      this.pending.set(request.requestId, { request, resolve: (response) => resolve(response as ResponseFor<R>), reject })
      channel.opi.onClose((error) => reject(new ResultUnknown(request, error ? `link broken: ${error.message}` : 'the terminal closed the link before answering')))
    })
    const silence = this.config.silenceTimeoutMs === undefined ? undefined : new SilenceWatch(this.config.clock, this.config.silenceTimeoutMs)
    if (silence) this.silenceWatches.add(silence)
    channel.opi.send(request)
    this.heard()
    try {
      const first = silence ? Promise.race([answer, silence.expired(`${request.requestType} #${request.requestId}`)]) : answer
      return await withTimeout(this.config.clock, first, this.config.responseTimeoutMs, `${request.requestType} #${request.requestId}`)
    } catch (error) {
      if (error instanceof TimeoutError) {
        this.config.log?.note(0, 'ECR', `gave up waiting after ${error.afterMs / 1000} s: result unknown`)
        throw new ResultUnknown(request, error.message)
      }
      throw error
    } finally {
      silence?.stop()
      if (silence) this.silenceWatches.delete(silence)
      this.pending.delete(request.requestId)
      if (--channel.waiting === 0) this.hangUp(channel)
    }
  }

  /** The connection of the request in flight; with several, the most recent. */
  private running(): Channel0 {
    const channel = this.open.filter((c) => c.waiting > 0 && !c.opi.closed).at(-1)
    if (!channel) throw new Error('no request is running, so there is no connection to share: send it on a new connection')
    return channel
  }

  private async connect(): Promise<Channel0> {
    let connection: Connection | undefined
    try {
      const connecting = this.config.transport.connect(this.config.terminal)
      if (this.config.connectTimeoutMs === undefined) connection = await connecting
      else {
        connection = await withTimeout(this.config.clock, connecting, this.config.connectTimeoutMs, `connecting to ${describeEndpoint(this.config.terminal)}`)
          .catch((error: unknown) => {
            // A connection that completes after we gave up must not stay open.
            connecting.then((late) => late.close(), () => undefined)
            throw error
          })
      }
    } catch (error) {
      throw new TerminalUnreachable(this.config.terminal, error as Error)
    }
    const opi = new OpiConnection(connection, { format: this.config.format, tap: this.config.log?.tap(0, 'ECR') })
    const channel: Channel0 = { opi, waiting: 0 }
    this.open.push(channel)
    opi.onMessage((message) => this.channel0Message(opi, message))
    opi.onBadMessage((error) => {
      this.heard()
      // An answer we cannot read still ends the wait: the terminal did something, we cannot tell what.
      const waiting = error.partial.requestId === undefined ? undefined : this.pending.get(error.partial.requestId)
      if (waiting && error.partial.root?.endsWith('Response')) {
        waiting.reject(new ResultUnknown(waiting.request, `unreadable answer: ${error.message}`))
        return
      }
      // Single-socket terminals send device requests here; answer them in kind, as on channel 1.
      this.answerUnreadableDeviceRequest(opi, error)
    })
    opi.onClose(() => this.forget(channel))
    return channel
  }

  private hangUp(channel: Channel0): void {
    if (!channel.opi.closed) channel.opi.close()
    this.forget(channel)
  }

  private forget(channel: Channel0): void {
    const i = this.open.indexOf(channel)
    if (i >= 0) this.open.splice(i, 1)
  }

  /** Any message on either channel shows the terminal is alive. */
  private heard(): void {
    for (const watch of this.silenceWatches) watch.restart()
  }

  private channel0Message(opi: OpiConnection, message: OpiMessage): void {
    this.heard()
    if (message.kind === 'DeviceRequest') {
      void this.answerDeviceRequest(opi, message)
      return
    }
    this.routeResponse(message)
  }

  private routeResponse(message: OpiMessage): void {
    if (message.kind !== 'CardServiceResponse' && message.kind !== 'ServiceResponse') return
    // A response for an id we are not waiting for is logged by the tap and otherwise ignored.
    this.pending.get(message.requestId)?.resolve(message)
  }

  private async answerDeviceRequest(opi: OpiConnection, message: OpiMessage): Promise<void> {
    if (message.kind !== 'DeviceRequest') return
    const response = await this.onDeviceRequest(message)
    if (!opi.closed) {
      opi.send(response)
      this.heard()
    }
  }

  /** Answer in kind so the terminal is not left waiting; echo what could be read. */
  private answerUnreadableDeviceRequest(opi: OpiConnection, error: OpiDecodeError): void {
    if (error.partial.requestId && error.partial.root === 'DeviceRequest') {
      opi.send({
        kind: 'DeviceResponse', requestType: 'Output', requestId: error.partial.requestId,
        workstationId: error.partial.workstationId ?? '', overallResult: error.result, outputs: [],
      })
    }
  }
}

/** Fails when no message has crossed either channel for `limitMs`; `restart` on every message. */
class SilenceWatch {
  private timer?: TimerHandle
  private fail: (error: TimeoutError) => void = () => undefined
  // Stryker disable next-line StringLiteral: request() calls expired(what) before any timer can fire, so this first value is never read
  private what = ''

  // Stryker disable next-line BlockStatement: request() calls heard() right after sending, which restarts every watch before any time passes
  constructor(private readonly clock: Clock, private readonly limitMs: number) {
    this.restart()
  }

  expired(what: string): Promise<never> {
    this.what = what
    return new Promise<never>((_, reject) => { this.fail = reject })
  }

  restart(): void {
    this.timer?.cancel()
    this.timer = this.clock.setTimer(this.limitMs, () => this.fail(new TimeoutError(`${this.what}: silence on both channels`, this.limitMs)))
  }

  // Stryker disable next-line BlockStatement: a watch is stopped only once its request has settled; a timer left running rejects a promise Promise.race already passed over
  stop(): void {
    // Stryker disable next-line OptionalChaining: heard() right after sending sets the timer before any request can settle and stop it
    this.timer?.cancel()
  }
}
