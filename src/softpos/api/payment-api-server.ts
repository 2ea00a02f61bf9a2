import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Clock } from '../../clock/clock'
import { JsonBodyError, readJsonBody } from '../../link/json-body'
import { listenAt } from '../../link/listen'
import type { TrafficMeter } from '../../link/traffic-meter'
import type { Endpoint } from '../../link/transport'
import { PaymentApiError, type CreatePaymentRequest, type SimulatedCcvBackend } from './ccv-backend'

const MAX_BODY_BYTES = 64 * 1024
/** Test keys start with t_ (CCV's convention); the simulator's default. */
export const DEFAULT_TEST_API_KEY = 't_softpos_simulator_key'

/** One request as the simulated API saw it: the witness of what the POS app asked, and when. */
export interface ApiCall {
  atMs: number
  method: string
  path: string
  status: number
  /** For payment creation: which order it was for. */
  merchantOrderReference?: string
}

/** An answer from a control route: the simulated phone, cardholder and back office, for people and tools. */
export type ControlRoutes = (method: string, path: string, body: unknown) => Promise<{ status: number; body: unknown }>

export interface PaymentApiServerOptions {
  backend: SimulatedCcvBackend
  clock: Clock
  apiKey?: string
  /** Counts webhook deliveries still on their way, so virtual time waits for them. */
  meter?: TrafficMeter
  control?: ControlRoutes
  say?: (line: string) => void
}

/**
 * CCV's Payment API for SoftPOS on real HTTP (node:http: six routes need no framework). Every answer is
 * JSON; every refusal says what was wrong; nothing a client sends can stop the server.
 */
export class PaymentApiServer {
  readonly calls: ApiCall[] = []
  private readonly server: Server
  private readonly apiKey: string
  private endpoint?: Endpoint

  constructor(private readonly options: PaymentApiServerOptions) {
    this.apiKey = options.apiKey ?? DEFAULT_TEST_API_KEY
    if (!this.apiKey.startsWith('t_')) throw new Error(`the simulator takes test keys only (starting with t_), not "${this.apiKey.slice(0, 2)}..."`)
    this.server = createServer((request, response) => void this.answer(request, response))
    options.backend.onFinal((payment, webhookUrl) => { if (webhookUrl) void this.deliverWebhook(webhookUrl, payment.reference) })
  }

  async listen(at: Endpoint): Promise<Endpoint> {
    this.endpoint = await listenAt(this.server, at)
    return this.endpoint
  }

  get baseUrl(): string {
    if (!this.endpoint) throw new Error('the Payment API is not listening yet')
    const host = this.endpoint.host.includes(':') ? `[${this.endpoint.host}]` : this.endpoint.host
    return `http://${host}:${this.endpoint.port}`
  }

  close(): Promise<void> {
    return new Promise((closed) => { this.server.closeAllConnections(); this.server.close(() => closed()) })
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    const url = new URL(request.url ?? '/', 'http://payment-api')
    const call: ApiCall = { atMs: this.options.clock.now(), method, path: `${url.pathname}${url.search}`, status: 0 }
    let status = 200
    let body: unknown
    try {
      const json = await readJson(request)
      if (url.pathname.startsWith('/control/') && this.options.control) {
        ({ status, body } = await this.options.control(method, url.pathname, json))
      } else {
        this.authenticate(request.headers.authorization)
        ;({ status, body } = this.route(method, url, json, call))
      }
    } catch (error) {
      if (error instanceof PaymentApiError) {
        status = error.status
        body = { type: error.type, message: error.message, ...(error.failure ? { failure: error.failure } : {}) }
      } else {
        status = 500
        body = { type: 'INTERNAL_ERROR', message: (error as Error).message }
      }
    }
    call.status = status
    if (!url.pathname.startsWith('/control/')) this.calls.push(call)
    this.options.say?.(`${method} ${call.path} -> ${status}`)
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    response.end(`${JSON.stringify(body ?? {})}\n`)
  }

  /** Basic authentication with the API key as user name and an empty password, as CCV's API takes it. */
  private authenticate(header: string | undefined): void {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '')
    if (!m) throw new PaymentApiError(401, 'UNAUTHORIZED', 'no API key: send HTTP Basic authentication with the API key as user name and an empty password')
    const key = Buffer.from(m[1], 'base64').toString('utf8').replace(/:$/, '')
    if (key.startsWith('l_')) throw new PaymentApiError(401, 'UNAUTHORIZED', 'a live API key was sent to the simulator: use the test key (starting with t_); live keys are never accepted here')
    if (key !== this.apiKey) throw new PaymentApiError(401, 'UNAUTHORIZED', 'the API key is not valid for this Payment API (test keys start with t_)')
  }

  private route(method: string, url: URL, json: unknown, call: ApiCall): { status: number; body: unknown } {
    const backend = this.options.backend
    const terminal = /^\/api\/v1\/softpos\/terminal\/([^/]+)(?:\/(install|install-completed|uninstall))?$/.exec(url.pathname)
    if (terminal) {
      const id = decodeSegment(terminal[1])
      const action = terminal[2]
      if (!action) return { status: 200, body: backend.terminal(this.only(method, 'GET', id)) }
      this.only(method, 'POST', id)
      if (action === 'install') return { status: 200, body: backend.install(id) }
      if (action === 'install-completed') return { status: 200, body: backend.installCompleted(id) }
      return { status: 200, body: backend.uninstall(id) }
    }
    if (url.pathname === '/api/v1/payment') {
      this.only(method, 'POST', 'payment')
      const request = (typeof json === 'object' && json !== null ? json : {}) as CreatePaymentRequest
      if (typeof request.merchantOrderReference === 'string') call.merchantOrderReference = request.merchantOrderReference
      const { created, transaction } = backend.createPayment(request)
      return { status: created ? 201 : 200, body: transaction }
    }
    if (url.pathname === '/api/v1/transaction') {
      this.only(method, 'GET', 'transaction')
      const reference = url.searchParams.get('reference')
      if (!reference) throw new PaymentApiError(400, 'INVALID_REQUEST', 'the reference query parameter is required: /api/v1/transaction?reference=...')
      return { status: 200, body: backend.transaction(reference) }
    }
    throw new PaymentApiError(404, 'NOT_FOUND', `no such endpoint: ${method} ${url.pathname} (see the README: /api/v1/payment, /api/v1/transaction, /api/v1/softpos/terminal/{terminalId})`)
  }

  private only<T>(method: string, allowed: string, value: T): T {
    if (method !== allowed) throw new PaymentApiError(405, 'METHOD_NOT_ALLOWED', `use ${allowed} here, not ${method}`)
    return value
  }

  /** The webhook carries only the id: the receiver must ask for the status itself. */
  private async deliverWebhook(url: string, id: string): Promise<void> {
    const done = this.options.meter?.begin()
    try {
      const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) })
      await answer.arrayBuffer()
      this.options.say?.(`webhook ${id} -> ${url}: ${answer.status}`)
    } catch (error) {
      this.options.say?.(`webhook ${id} -> ${url} not delivered: ${(error as Error).message}`)
    } finally {
      done?.()
    }
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new PaymentApiError(400, 'INVALID_REQUEST', `"${segment}" is not a valid terminal id in the path`)
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(request, MAX_BODY_BYTES)
  } catch (error) {
    if (!(error instanceof JsonBodyError)) throw error
    throw new PaymentApiError(error.problem === 'too large' ? 413 : 400, error.problem === 'too large' ? 'BODY_TOO_LARGE' : 'INVALID_JSON', error.message)
  }
}
