import type { Clock } from '../clock/clock'
import type { OpiDecodeError, WireFormat } from '../opi/codec'
import type { CardServiceRequest, CardServiceResponse, OpiMessage, ServiceRequest, ServiceResponse } from '../opi/messages'
import { OpiConnection } from '../opi/opi-connection'
import type { Endpoint, Listener, Transport } from '../link/transport'
import { AcquiringHost } from './acquiring-host'
import { EcrDeviceLink } from './ecr-device-link'
import { CARD_SERVICE_HANDLERS, SERVICE_HANDLERS } from './requests'
import { serviceAnswer, type PaymentState } from './requests/terminal-context'
import { SeededRandom } from './seeded-random'
import { TerminalFace } from './terminal-face'
import { TerminalMemory } from './terminal-memory'
import { DEFAULT_TERMINAL_SETTINGS, type TerminalSettings } from './terminal-settings'

export interface SimulatedTerminalConfig {
  transport: Transport
  clock: Clock
  /** Where the terminal listens for requests. */
  channel0: Endpoint
  /** Where it connects back to the register for devices. */
  ecrDevices: Endpoint
  format: WireFormat
  seed: number
  settings?: Partial<TerminalSettings>
}

export type TerminalState = 'idle' | PaymentState

/** What goes wrong around the terminal: set by a scenario's Given, never by its expectation. */
export interface TerminalFaults {
  /** Accepts connections and reads requests but never answers (hung firmware, cable pulled after sending). */
  silent?: boolean
  /** Busy in its own merchant menu or with another workstation: payments are refused with this result. */
  unavailable?: 'Busy' | 'DeviceUnavailable'
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
  readonly memory = new TerminalMemory()
  readonly faults: TerminalFaults = {}
  private linkDown = false
  private listener?: Listener
  private running?: string
  private stan = 0

  constructor(private readonly config: SimulatedTerminalConfig) {
    this.settings = { ...DEFAULT_TERMINAL_SETTINGS, ...config.settings }
    this.face = new TerminalFace(config.clock)
    this.host = new AcquiringHost(config.clock, new SeededRandom(config.seed))
  }

  async start(): Promise<void> {
    this.listener = await this.config.transport.listen(this.config.channel0, (connection) => {
      if (this.linkDown) return connection.close()
      const opi = new OpiConnection(connection, { format: this.config.format })
      opi.onMessage((message) => void this.handle(opi, message))
      opi.onBadMessage((error) => this.answerUnreadable(opi, error))
    })
  }

  /** Whether the cable to the register is out right now. */
  get cableOut(): boolean {
    return this.linkDown
  }

  async stop(): Promise<void> {
    await this.listener?.close()
  }

  private async handle(opi: OpiConnection, message: OpiMessage): Promise<void> {
    if (this.faults.silent) return
    const isPayment = message.kind === 'CardServiceRequest' && message.requestType === 'CardPayment'
    if (isPayment && this.faults.linkDrop?.moment === 'payment started') this.cutLink(opi)
    let response: CardServiceResponse | ServiceResponse | undefined
    if (message.kind === 'CardServiceRequest') response = await this.cardService(message)
    else if (message.kind === 'ServiceRequest') response = await this.service(message)
    if (isPayment && this.faults.linkDrop?.moment === 'before the answer') this.cutLink(opi)
    if (response && !opi.closed) {
      opi.send(response)
      opi.close()
    }
  }

  private async cardService(request: CardServiceRequest): Promise<CardServiceResponse> {
    if (this.running) return this.cardServiceRefusal(request, 'DeviceUnavailable', `busy with request ${this.running}`)
    if (this.faults.unavailable) return this.cardServiceRefusal(request, this.faults.unavailable, 'a function is running on the terminal itself')
    if (request.requestType === 'CardPayment' && this.memory.ticketOwed) return this.cardServiceRefusal(request, 'PrintLastTicket', 'the last ticket was not printed')
    const handler = CARD_SERVICE_HANDLERS[request.requestType]
    if (!handler) return this.cardServiceRefusal(request, 'Failure', `${request.requestType} is not simulated yet`)
    this.running = request.requestId
    const devices = this.deviceLink(request.requestId, request.workstationId)
    devices.isCut = () => this.linkDown
    try {
      const response = await handler({
        settings: this.settings, clock: this.config.clock, face: this.face, host: this.host, devices, memory: this.memory,
        nextStan: () => this.nextStan(),
        // Once authorising has ended the money is taken: the terminal finishes even without the register.
        enter: (state) => { this.state = state; if (state === 'printing') devices.bestEffort = true },
      }, request)
      if (remembersAnswer(request)) this.memory.lastResponse = response
      return response
    } finally {
      devices.close()
      this.running = undefined
      this.state = 'idle'
      this.face.show('idle', ['Welcome'])
    }
  }

  private async service(request: ServiceRequest): Promise<ServiceResponse> {
    const handler = SERVICE_HANDLERS[request.requestType]
    if (!handler) return serviceAnswer(this, request, 'Failure', {})
    let devices: EcrDeviceLink | undefined
    try {
      return await handler({
        settings: this.settings, clock: this.config.clock, face: this.face, host: this.host, busy: this.running !== undefined,
        nextStan: () => this.nextStan(),
        devices: () => (devices ??= this.deviceLink(request.requestId, request.workstationId)),
      }, request)
    } finally {
      devices?.close()
    }
  }

  private deviceLink(requestId: string, workstationId: string): EcrDeviceLink {
    return new EcrDeviceLink({
      transport: this.config.transport, clock: this.config.clock, ecr: this.config.ecrDevices, format: this.config.format,
      responseTimeoutMs: this.settings.deviceResponseTimeoutMs, terminalId: this.settings.terminalId,
    }, requestId, workstationId)
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
    this.linkDown = true
    if (!opi.closed) opi.close()
    this.config.clock.setTimer(drop.forMs, () => { this.linkDown = false })
  }

  /** Echo what could be read so the register can match the error to its request; if nothing, hang up. */
  private answerUnreadable(opi: OpiConnection, error: OpiDecodeError): void {
    const { root, requestId, workstationId, requestType } = error.partial
    if (!requestId || (root !== 'CardServiceRequest' && root !== 'ServiceRequest')) {
      opi.close()
      return
    }
    const kind = root === 'CardServiceRequest' ? 'CardServiceResponse' : 'ServiceResponse'
    opi.send({ kind, requestType: requestType ?? 'Unknown', requestId, workstationId: workstationId ?? '', overallResult: error.result, privateData: { errorText: error.message } } as CardServiceResponse)
    opi.close()
  }
}

/** RepeatLastMessage repeats the last transaction's answer, not answers about recovery itself. */
function remembersAnswer(request: CardServiceRequest): boolean {
  return request.requestType !== 'RepeatLastMessage' && request.requestType !== 'TicketReprint' && request.requestType !== 'AbortRequest'
}
