import type { Clock, TimerHandle } from '../clock/clock'
import type { OpiDecodeError, WireFormat } from '../opi/codec'
import type { Channel } from '../opi/conversation-log'
import type { DeviceRequestIds, SocketMode } from '../opi/dialect'
import type { CardServiceRequest, CardServiceResponse, OpiMessage, ServiceRequest, ServiceResponse } from '../opi/messages'
import { OpiConnection, type TrafficEvent } from '../opi/opi-connection'
import type { Endpoint, Listener, Transport } from '../link/transport'
import { AcquiringHost } from './acquiring-host'
import { ConnectionGuard, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connection-guard'
import { EcrDeviceLink } from './ecr-device-link'
import { CARD_SERVICE_HANDLERS, SERVICE_HANDLERS, UNATTENDED_CARD_SERVICE_HANDLERS } from './requests'
import { answerAbort, PaymentInProgress } from './requests/abort'
import { amountRuleBroken } from './requests/amount-rules'
import { WorkstationSessions } from './requests/login'
import { SettlementPeriod } from './requests/reconciliation'
import { serviceAnswer, type PaymentState } from './requests/terminal-context'
import { SeededRandom } from './seeded-random'
import { TerminalCable } from './terminal-cable'
import { TerminalFace } from './terminal-face'
import { TerminalMemory } from './terminal-memory'
import { TerminalRestarts, type RequestGate } from './terminal-restarts'
import { SleepMode, type SleepModeSettings } from './sleep-mode'
import { DEFAULT_TERMINAL_SETTINGS, type TerminalSettings } from './terminal-settings'

export interface SimulatedTerminalConfig {
  transport: Transport
  clock: Clock
  /** Where the terminal listens for requests. */
  channel0: Endpoint
  /** Where it connects back to the register for devices. */
  ecrDevices: Endpoint
  /**
   * Several registers on one terminal: where each WorkstationID takes its device requests, as a
   * multi-lane terminal is configured per workstation. Workstations not listed use `ecrDevices`.
   */
  lanes?: Readonly<Record<string, Endpoint>>
  format: WireFormat
  seed: number
  settings?: Partial<TerminalSettings>
  /** From the dialect (src/opi/dialect.ts): OPI-DE refuses card requests before Login. Default false. */
  loginRequired?: boolean
  /** From the dialect: `single` sends DeviceRequests on the request's own connection. Default `dual`. */
  socketMode?: SocketMode
  /** From the dialect: how DeviceRequests are numbered. Default `dotted`. */
  deviceRequestIds?: DeviceRequestIds
  /** What one peer may hold of the request port (idle and per-message time, connections, bytes). */
  limits?: Partial<ConnectionLimits>
  /** Where the terminal says why it closed a connection on its own. */
  say?: (line: string) => void
  /**
   * A witness of the conversation as the terminal saw it: one tap per connection, for the channel it is
   * on. The rigs read the wire from here, not from the register's own log, which may not tell the truth.
   */
  witness?: (channel: Channel) => (event: TrafficEvent) => void
}

export type TerminalState = 'idle' | PaymentState

export type TerminalOccupation = 'its merchant menu' | 'another workstation\'s payment'

/** How a CCV terminal refuses a payment while occupied: Busy in its own menu, DeviceUnavailable while serving another lane. */
const OCCUPIED_ANSWER: Record<TerminalOccupation, { overallResult: 'Busy' | 'DeviceUnavailable'; why: string }> = {
  'its merchant menu': { overallResult: 'Busy', why: 'the merchant menu is open on the terminal' },
  'another workstation\'s payment': { overallResult: 'DeviceUnavailable', why: 'busy with another workstation\'s payment' },
}

/** What goes wrong around the terminal: set by a scenario's Given, never by its expectation. */
export interface TerminalFaults {
  /** Accepts connections and reads requests but never answers (hung firmware, cable pulled after sending). */
  silent?: boolean
  /**
   * What keeps the terminal from taking a payment: someone in its own merchant menu, or a payment of a
   * workstation the simulation does not run. The terminal decides what it answers (see OCCUPIED_ANSWER).
   */
  occupiedWith?: TerminalOccupation
  /** The cable to the register comes out once, at this moment of the next payment, for this long. */
  linkDrop?: { moment: 'payment started' | 'before the answer'; forMs: number }
}

/**
 * A CCV terminal in software that speaks OPI on the wire. It is told what the cardholder, the host
 * and the environment do; how the integration reacts is for the scenario to observe.
 */
export class SimulatedTerminal {
  readonly face: TerminalFace
  readonly host: AcquiringHost
  readonly settings: TerminalSettings
  state: TerminalState = 'idle'
  readonly sessions = new WorkstationSessions()
  readonly period: SettlementPeriod
  readonly memory = new TerminalMemory()
  readonly faults: TerminalFaults = {}
  private linkDown = false
  /** When the pulled cable goes back in by itself. */
  private cableBack?: TimerHandle
  /**
   * How this terminal's firmware writes its messages to the register, where terminals differ: plain
   * request numbers instead of `<payment>.<n>`, a message's lines last row first. Properties of the
   * terminal model on the bench, set by the environment; none of them says what a payment results in.
   */
  readonly firmware: { deviceRequestIds?: DeviceRequestIds; rowsLastFirst?: boolean; socketMode?: SocketMode } = {}
  private listener?: Listener
  /** Device links reading the channel-0 connection (single-socket mode): they get its DeviceResponses. */
  private readonly sharedLinks = new Set<EcrDeviceLink>()
  private plainDeviceRequestId = 0
  private running?: string
  private payment?: PaymentInProgress
  private stan = 0
  /** Every connection the terminal has goes through its cable, so the environment can cut them. */
  readonly cable: TerminalCable
  private readonly inFlight = new Set<Promise<void>>()
  private cycling?: Promise<void>
  /** Refusals before a request is looked at: starting up after a restart, waking from sleep. */
  readonly gates: RequestGate[] = []
  /** Component update, daily reboot, CCV client restart: the terminal's own restarts. */
  readonly restarts: TerminalRestarts
  sleepMode?: SleepMode
  private readonly guard: ConnectionGuard

  private registerDevices: Endpoint

  constructor(private readonly config: SimulatedTerminalConfig) {
    this.registerDevices = config.ecrDevices
    this.settings = { ...DEFAULT_TERMINAL_SETTINGS, ...config.settings }
    this.face = new TerminalFace(config.clock)
    this.host = new AcquiringHost(config.clock, new SeededRandom(config.seed))
    this.period = new SettlementPeriod(this.host)
    this.cable = new TerminalCable(config.transport)
    this.guard = new ConnectionGuard(config.clock, { ...DEFAULT_CONNECTION_LIMITS, ...config.limits }, config.say)
    this.restarts = new TerminalRestarts(this, config.clock)
  }

  /** A terminal that sleeps when idle and is woken by the first card request. */
  enableSleepMode(settings: SleepModeSettings): SleepMode {
    this.sleepMode ??= new SleepMode(this, this.config.clock, settings)
    return this.sleepMode
  }

  forgetLogins(): void {
    this.sessions.forgetAll()
  }

  async start(): Promise<void> {
    // Switched on again, it listens where it listened before (a port the system chose included), as a real terminal keeps its address.
    this.listener = await this.cable.listen(this.cable.listening ?? this.config.channel0, (connection) => {
      if (this.linkDown) return connection.close()
      if (!this.guard.admit(connection)) return
      const opi = new OpiConnection(connection, { format: this.config.format, tap: this.config.witness?.(0) })
      // The connection closes after the last answer owed on it: an abort sent on the same connection
      // as its payment must not cut the payment's answer off.
      let owed = 0
      opi.onMessage((message) => {
        if (message.kind === 'DeviceResponse') {
          for (const link of this.sharedLinks) link.deliver(message)
          return
        }
        const owes = message.kind === 'CardServiceRequest' || message.kind === 'ServiceRequest'
        if (owes) owed++
        // A silent terminal takes the request and never answers: the answer stays owed, so the line stays open.
        if (this.faults.silent) return
        void this.track(this.handle(opi, message).finally(() => {
          if (owes && --owed === 0 && !opi.closed) opi.close()
        }))
      })
      opi.onBadMessage((error) => this.answerUnreadable(opi, error, () => owed === 0))
      this.guard.watch(connection, { get pendingBytes() { return opi.pendingBytes }, busy: () => owed > 0 })
    })
  }

  /** Whether the cable to the register is out right now. */
  get cableOut(): boolean {
    return this.linkDown
  }

  async stop(): Promise<void> {
    await this.listener?.close()
  }

  /** The cable is out for `forMs`: open connections end at once, new ones are dropped until it is back; a running request carries on. */
  pullCable(forMs: number): void {
    this.cable.cut()
    this.cableOutFor(forMs)
  }

  /** The cable back in before the time it was pulled for. */
  plugCable(): void {
    this.cableBack?.cancel()
    this.linkDown = false
  }

  private cableOutFor(forMs: number): void {
    this.cableBack?.cancel()
    this.linkDown = true
    this.cableBack = this.config.clock.setTimer(forMs, () => { this.linkDown = false })
  }

  /** The cable is pulled and put back: every open connection on both channels ends; a running request carries on. */
  dropLinks(): number {
    return this.cable.cut()
  }

  /**
   * The power goes and comes back: every connection ends, the running request is lost without an answer,
   * and the terminal starts again idle on the same address. The host keeps what it authorised.
   */
  powerCycle(): Promise<void> {
    // Pressing the power button twice while it restarts restarts it once.
    this.cycling ??= this.restart().finally(() => { this.cycling = undefined })
    return this.cycling
  }

  private async restart(): Promise<void> {
    await this.goAway()
    await this.comeBack()
  }

  /** Off: the listener closes (new connections refused), every link is cut, the running request unwinds unanswered. */
  async goAway(): Promise<void> {
    await this.listener?.close()
    this.listener = undefined
    this.cable.powerOff()
    const lost = Promise.allSettled([...this.inFlight])
    let unwound = false
    void lost.then(() => { unwound = true })
    // A dead keypad: whatever the lost request waits for from the cardholder never comes, however often it asks.
    while (!unwound) {
      this.face.pressStop()
      let timer: TimerHandle | undefined
      await Promise.race([lost, new Promise<void>((resolve) => { timer = this.config.clock.setTimer(50, resolve) })])
      timer?.cancel()
    }
    this.face.removeCard()
    this.state = 'idle'
  }

  /** On again, idle, on the same address. */
  async comeBack(): Promise<void> {
    this.face.show('idle', ['Welcome'])
    this.cable.powerOn()
    await this.start()
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work)
    // finally, not then(done, done): a handler that throws must still surface as an unhandled rejection.
    return work.finally(() => { this.inFlight.delete(work) })
  }

  private async handle(opi: OpiConnection, message: OpiMessage): Promise<void> {
    const isPayment = message.kind === 'CardServiceRequest' && (message.requestType === 'CardPayment' || message.requestType === 'CardPreAuthorisation')
    if (isPayment && this.faults.linkDrop?.moment === 'payment started') this.cutLink(opi)
    let response: CardServiceResponse | ServiceResponse | undefined
    if (message.kind === 'CardServiceRequest') response = await this.cardService(message, opi)
    else if (message.kind === 'ServiceRequest') response = await this.service(message, opi)
    if (isPayment && this.faults.linkDrop?.moment === 'before the answer') this.cutLink(opi)
    if (response) sendIfOpen(opi, response)
  }

  private async cardService(request: CardServiceRequest, opi: OpiConnection): Promise<CardServiceResponse> {
    if (this.config.loginRequired && !this.sessions.isLoggedIn(request.workstationId)) {
      return this.cardServiceRefusal(request, 'Loggedout', `workstation ${request.workstationId} has not logged in`)
    }
    const refusal = this.gated(request)
    if (refusal) return this.cardServiceRefusal(request, refusal.overallResult, refusal.why)
    // OPI's one exception to one-request-at-a-time: an abort runs beside the payment it aborts.
    if (request.requestType === 'AbortRequest') return answerAbort(this, request, this.payment)
    const broken = amountRuleBroken(request, this.settings.currency)
    if (broken) return this.cardServiceRefusal(request, 'ValidationError', broken)
    if (this.running) return this.cardServiceRefusal(request, 'DeviceUnavailable', `busy with request ${this.running}`)
    const occupied = this.faults.occupiedWith && OCCUPIED_ANSWER[this.faults.occupiedWith]
    if (occupied) return this.cardServiceRefusal(request, occupied.overallResult, occupied.why)
    if (request.requestType === 'CardPayment' && this.memory.ticketOwed) return this.cardServiceRefusal(request, 'PrintLastTicket', 'the last ticket was not printed')
    const unattended = this.settings.operatingEnvironment === 'unattended' ? UNATTENDED_CARD_SERVICE_HANDLERS[request.requestType] : undefined
    const handler = unattended ?? CARD_SERVICE_HANDLERS[request.requestType]
    if (!handler) return this.cardServiceRefusal(request, 'Failure', `${request.requestType} is not simulated yet`)
    this.running = request.requestId
    const payment = (this.payment = new PaymentInProgress(request.requestId, this.face))
    const devices = this.deviceLink(request.requestId, request.workstationId, opi)
    devices.isCut = () => this.linkDown
    try {
      const response = await handler({
        settings: this.settings, clock: this.config.clock, face: this.face, host: this.host, devices, memory: this.memory,
        nextStan: () => this.nextStan(),
        // Once authorising has ended the money is taken: the terminal finishes even without the register.
        enter: (state) => { this.state = payment.state = state; if (state === 'printing') devices.bestEffort = true },
        checkAborted: () => payment.throwIfAborted(),
      }, request)
      if (remembersAnswer(request)) this.memory.lastResponse = this.cycling ? powerFailed(response) : response
      return response
    } finally {
      this.release(devices)
      this.running = this.payment = undefined
      this.state = 'idle'
      // A card left in the reader keeps the screen asking for it.
      if (!this.face.cardInReader) this.face.show('idle', ['Welcome'])
    }
  }

  private async service(request: ServiceRequest, opi: OpiConnection): Promise<ServiceResponse> {
    const refusal = this.gated(request)
    if (refusal) return serviceAnswer(this, request, refusal.overallResult, { privateData: { errorText: refusal.why } })
    const handler = SERVICE_HANDLERS[request.requestType]
    if (!handler) return serviceAnswer(this, request, 'Failure', {})
    // A status query reads the terminal without occupying it; every other request waits its turn, or a
    // payment taken while a period closes would land in neither Z report.
    const occupies = request.requestType !== 'GetStatus'
    const busy = this.running !== undefined
    if (occupies && busy) return serviceAnswer(this, request, 'DeviceUnavailable', { privateData: { errorText: `busy with request ${this.running}` } })
    if (occupies) this.running = request.requestId
    let devices: EcrDeviceLink | undefined
    try {
      return await handler({
        settings: this.settings, clock: this.config.clock, face: this.face, host: this.host, busy,
        sessions: this.sessions, period: this.period,
        nextStan: () => this.nextStan(),
        devices: () => (devices ??= this.deviceLink(request.requestId, request.workstationId, opi)),
      }, request)
    } finally {
      if (devices) this.release(devices)
      if (occupies) this.running = undefined
    }
  }

  private gated(request: CardServiceRequest | ServiceRequest) {
    for (const gate of this.gates) {
      const refusal = gate(request)
      if (refusal) return refusal
    }
    return undefined
  }

  private deviceLink(requestId: string, workstationId: string, opi: OpiConnection): EcrDeviceLink {
    const single = (this.firmware.socketMode ?? this.config.socketMode) === 'single'
    const link = new EcrDeviceLink({
      transport: this.cable, clock: this.config.clock, ecr: this.devicesOf(workstationId), format: this.config.format,
      responseTimeoutMs: this.settings.deviceResponseTimeoutMs, terminalId: this.settings.terminalId,
      channel: single ? opi : undefined,
      requestIds: this.firmware.deviceRequestIds ?? this.config.deviceRequestIds, nextPlainId: () => String(++this.plainDeviceRequestId),
      rowsLastFirst: this.firmware.rowsLastFirst,
      witness: this.config.witness && (() => this.config.witness!(1)),
    }, requestId, workstationId)
    if (single) this.sharedLinks.add(link)
    return link
  }

  /** Where the workstation that sent a request shows and prints what the terminal sends for it. */
  devicesOf(workstationId: string): Endpoint {
    return Object.hasOwn(this.config.lanes ?? {}, workstationId) ? this.config.lanes![workstationId] : this.registerDevices
  }

  /**
   * The service engineer enters the register's device address in the terminal's menu: used when the
   * register took a port of the system's choosing and said which, so nobody guesses a free one.
   */
  configureRegisterDevices(at: Endpoint): void {
    this.registerDevices = at
  }

  private release(link: EcrDeviceLink): void {
    link.close()
    this.sharedLinks.delete(link)
  }

  private nextStan(): string {
    return String(++this.stan).padStart(6, '0')
  }

  private cardServiceRefusal(request: CardServiceRequest, overallResult: CardServiceResponse['overallResult'], why: string): CardServiceResponse {
    return {
      kind: 'CardServiceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId,
      overallResult, terminal: { terminalId: this.settings.terminalId }, privateData: { errorText: why },
    }
  }

  /** The cable comes out: the running request's connection drops and nothing connects until it is back. */
  private cutLink(opi: OpiConnection): void {
    const drop = this.faults.linkDrop
    if (!drop) return
    this.faults.linkDrop = undefined
    this.cableOutFor(drop.forMs)
    if (!opi.closed) opi.close()
  }

  /**
   * A request whose header could be read is answered with the failure it earned (ParsingError,
   * ValidationError, ...) and the connection stays up for the register's next request, as an ECR that
   * sent one bad message must not lose the link. With nothing to echo the terminal hangs up, but never
   * while other answers are owed on the connection (an abort beside its payment). An unreadable device
   * answer counts as none: the device link times out, as on a call-back connection.
   */
  private answerUnreadable(opi: OpiConnection, error: OpiDecodeError, idle: () => boolean): void {
    const { root, requestId, workstationId, requestType } = error.partial
    if (root === 'DeviceResponse') return
    if (requestId && (root === 'CardServiceRequest' || root === 'ServiceRequest')) {
      const kind = root === 'CardServiceRequest' ? 'CardServiceResponse' : 'ServiceResponse'
      sendIfOpen(opi, { kind, requestType: requestType ?? 'Unknown', requestId, workstationId: workstationId ?? '', overallResult: error.result, privateData: { errorText: error.message } } as CardServiceResponse)
      return
    }
    if (idle() && !opi.closed) opi.close()
  }
}

/**
 * The register may hang up (or the cable come out) between a request and its answer: the answer is
 * then lost, as on a real link, and must not take the terminal down.
 */
function sendIfOpen(opi: OpiConnection, message: OpiMessage): void {
  if (opi.closed) return
  try {
    opi.send(message)
  } catch {
    // Closed in the same tick: nobody is there to read it.
  }
}

/**
 * A request the power took away was unwound by a dead keypad, not by anyone pressing Stop: until the
 * host was asked nothing happened, and the terminal remembers it that way. Past the host the answer
 * stands (the money was taken).
 */
function powerFailed(response: CardServiceResponse): CardServiceResponse {
  if (response.overallResult !== 'Aborted') return response
  return { ...response, overallResult: 'Failure', privateData: { errorText: 'interrupted by a power failure before the card was authorised' } }
}

/** RepeatLastMessage repeats the last transaction's answer, not answers about recovery itself. */
function remembersAnswer(request: CardServiceRequest): boolean {
  return request.requestType !== 'RepeatLastMessage' && request.requestType !== 'TicketReprint' && request.requestType !== 'AbortRequest'
}
