import type { Clock } from '../clock/clock'
import type { OpiDecodeError, WireFormat } from '../opi/codec'
import type { CardServiceRequest, CardServiceResponse, OpiMessage, ServiceRequest, ServiceResponse } from '../opi/messages'
import { OpiConnection } from '../opi/opi-connection'
import type { Endpoint, Listener, Transport } from '../link/transport'
import { AcquiringHost } from './acquiring-host'
import { EcrDeviceLink } from './ecr-device-link'
import { CARD_SERVICE_HANDLERS, SERVICE_HANDLERS, UNATTENDED_CARD_SERVICE_HANDLERS } from './requests'
import { abortRunning } from './requests/abort-request'
import { serviceAnswer, type PaymentState } from './requests/terminal-context'
import { SeededRandom } from './seeded-random'
import { TerminalFace } from './terminal-face'
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

/**
 * A CCV terminal in software that speaks OPI on the wire. It is told what the cardholder, the host
 * and the environment do; how the integration reacts is for the scenario to observe.
 */
export class SimulatedTerminal {
  readonly face: TerminalFace
  readonly host: AcquiringHost
  readonly settings: TerminalSettings
  state: TerminalState = 'idle'
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
      const opi = new OpiConnection(connection, { format: this.config.format })
      opi.onMessage((message) => void this.handle(opi, message))
      opi.onBadMessage((error) => this.answerUnreadable(opi, error))
    })
  }

  async stop(): Promise<void> {
    await this.listener?.close()
  }

  private async handle(opi: OpiConnection, message: OpiMessage): Promise<void> {
    let response: CardServiceResponse | ServiceResponse | undefined
    if (message.kind === 'CardServiceRequest') response = await this.cardService(message)
    else if (message.kind === 'ServiceRequest') response = await this.service(message)
    if (response && !opi.closed) {
      opi.send(response)
      opi.close()
    }
  }

  private async cardService(request: CardServiceRequest): Promise<CardServiceResponse> {
    if (request.requestType === 'AbortRequest' && this.settings.operatingEnvironment === 'unattended') {
      return abortRunning({ settings: this.settings, face: this.face, running: this.running, state: this.state }, request)
    }
    if (this.running) return this.cardServiceRefusal(request, 'DeviceUnavailable', `busy with request ${this.running}`)
    const unattended = this.settings.operatingEnvironment === 'unattended' ? UNATTENDED_CARD_SERVICE_HANDLERS[request.requestType] : undefined
    const handler = unattended ?? CARD_SERVICE_HANDLERS[request.requestType]
    if (!handler) return this.cardServiceRefusal(request, 'Failure', `${request.requestType} is not simulated yet`)
    this.running = request.requestId
    const devices = this.deviceLink(request.requestId, request.workstationId)
    try {
      return await handler({
        settings: this.settings, clock: this.config.clock, face: this.face, host: this.host, devices,
        nextStan: () => this.nextStan(),
        enter: (state) => { this.state = state },
      }, request)
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
