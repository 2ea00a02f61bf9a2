import { sleep, type Clock } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse, ServiceRequest, ServiceResponse } from '../../opi/messages'
import type { OpiClient } from '../opi-client'

/** Answers that mean "not now": the request was refused before anything happened, so it may be retried. */
const NOT_NOW = new Set(['Busy', 'DeviceUnavailable'])

export interface TerminalQueueConfig {
  retryDelayMs: number
  maxAttempts: number
}

/**
 * One request at a time to the terminal, in the order the sessions asked: several sessions on several
 * devices share one terminal. A "not now" answer is retried with a fresh request, never dropped.
 */
export interface RequestObserver {
  sent(request: CardServiceRequest): void
  answered(request: CardServiceRequest, response: CardServiceResponse): void
}

export class TerminalQueue {
  private tail: Promise<unknown> = Promise.resolve()
  private outstanding = 0

  constructor(private readonly client: OpiClient, private readonly clock: Clock, private readonly config: TerminalQueueConfig) {}

  /** `build` is called per attempt so each attempt carries its own request number. */
  send(build: () => CardServiceRequest, observer?: RequestObserver): Promise<CardServiceResponse> {
    const run = async (): Promise<CardServiceResponse> => {
      for (let attempt = 1; ; attempt++) {
        const request = build()
        observer?.sent(request)
        const response = await this.client.request(request)
        observer?.answered(request, response)
        if (!NOT_NOW.has(response.overallResult) || attempt >= this.config.maxAttempts) return response
        await sleep(this.clock, this.config.retryDelayMs)
      }
    }
    this.outstanding++
    const result = this.tail.then(run, run).finally(() => { this.outstanding-- })
    this.tail = result.catch(() => undefined)
    return result
  }

  /** A service request (card circuits, reconciliation) takes its turn like any other; it is not retried. */
  service(build: () => ServiceRequest): Promise<ServiceResponse> {
    const run = () => this.client.request(build())
    this.outstanding++
    const result = this.tail.then(run, run).finally(() => { this.outstanding-- })
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Whether a request is running or waiting: a new one will have to wait its turn. */
  get busy(): boolean {
    return this.outstanding > 0
  }
}
