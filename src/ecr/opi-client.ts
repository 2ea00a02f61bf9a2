import { TimeoutError, withTimeout, type Clock } from '../clock/clock'
import type { WireFormat } from '../opi/codec'
import type { ConversationLog } from '../opi/conversation-log'
import type {
  CardServiceRequest, CardServiceResponse, DeviceRequest, DeviceResponse, OpiMessage, ServiceRequest, ServiceResponse,
} from '../opi/messages'
import { OpiConnection } from '../opi/opi-connection'
import { describeEndpoint, type Endpoint, type Listener, type Transport } from '../link/transport'

export interface OpiClientConfig {
  transport: Transport
  clock: Clock
  /** The terminal's channel 0, where requests go. */
  terminal: Endpoint
  /** Our channel 1, where the terminal sends DeviceRequests. */
  deviceListener: Endpoint
  format: WireFormat
  /** How long to wait for the final answer; longer than the terminal's longest cardholder timeout. */
  responseTimeoutMs: number
  log?: ConversationLog
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

/**
 * The ECR side of OPI: listens on channel 1 for the terminal's device requests, sends requests on
 * channel 0 and waits for their final answers. Knows the protocol, not the shop.
 */
export class OpiClient {
  private listener?: Listener
  private readonly pending = new Map<string, (response: CardServiceResponse | ServiceResponse) => void>()

  constructor(private readonly config: OpiClientConfig, private readonly onDeviceRequest: DeviceRequestHandler) {}

  /** Channel 1 must be open before any request goes out, or the terminal has nowhere to show its prompts. */
  async start(): Promise<void> {
    if (this.listener) return
    this.listener = await this.config.transport.listen(this.config.deviceListener, (connection) => {
      const opi = new OpiConnection(connection, { format: this.config.format, tap: this.config.log?.tap(1, 'ECR') })
      opi.onMessage((message) => void this.answerDeviceRequest(opi, message))
      opi.onBadMessage((error) => {
        // Answer in kind so the terminal is not left waiting; echo what could be read.
        if (error.partial.requestId && error.partial.root === 'DeviceRequest') {
          opi.send({
            kind: 'DeviceResponse', requestType: 'Output', requestId: error.partial.requestId,
            workstationId: error.partial.workstationId ?? '', overallResult: error.result, outputs: [],
          })
        }
      })
    })
  }

  async stop(): Promise<void> {
    await this.listener?.close()
    this.listener = undefined
  }

  /** Sends one request on a fresh channel-0 connection and resolves with its final response. */
  async request<R extends CardServiceRequest | ServiceRequest>(request: R): Promise<ResponseFor<R>> {
    await this.start()
    let connection
    try {
      connection = await this.config.transport.connect(this.config.terminal)
    } catch (error) {
      throw new TerminalUnreachable(this.config.terminal, error as Error)
    }
    const opi = new OpiConnection(connection, { format: this.config.format, tap: this.config.log?.tap(0, 'ECR') })
    const answer = new Promise<ResponseFor<R>>((resolve, reject) => {
      this.pending.set(request.requestId, (response) => resolve(response as ResponseFor<R>))
      opi.onClose((error) => reject(new ResultUnknown(request, error ? `link broken: ${error.message}` : 'the terminal closed the link before answering')))
    })
    opi.onMessage((message) => this.routeResponse(message))
    opi.send(request)
    try {
      return await withTimeout(this.config.clock, answer, this.config.responseTimeoutMs, `${request.requestType} #${request.requestId}`)
    } catch (error) {
      if (error instanceof TimeoutError) {
        this.config.log?.note(0, 'ECR', `gave up waiting after ${error.afterMs / 1000} s: result unknown`)
        throw new ResultUnknown(request, error.message)
      }
      throw error
    } finally {
      this.pending.delete(request.requestId)
      if (!opi.closed) opi.close()
    }
  }

  private routeResponse(message: OpiMessage): void {
    if (message.kind !== 'CardServiceResponse' && message.kind !== 'ServiceResponse') return
    // A response for an id we are not waiting for is logged by the tap and otherwise ignored.
    this.pending.get(message.requestId)?.(message)
  }

  private async answerDeviceRequest(opi: OpiConnection, message: OpiMessage): Promise<void> {
    if (message.kind !== 'DeviceRequest') return
    const response = await this.onDeviceRequest(message)
    if (!opi.closed) opi.send(response)
  }
}
