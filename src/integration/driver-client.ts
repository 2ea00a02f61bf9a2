import type {
  AmountMessage, ContractSchemaName, CardPaymentRequestMessage, DisplayHistoryMessage, ErrorMessage, JournalMessage, KeyPressedMessage, MachineSelectionMessage,
  MachineStatusMessage, OperationMessage, PrinterConditionMessage, PrinterName, PrintoutsMessage, RegisterStateMessage, ReversalRequestMessage, VersionInfo,
} from './driver-contract'
import { DriverContractSchemas } from './contract-schema'

export interface DriverClientOptions {
  /** The POS's driver endpoint, such as http://127.0.0.1:8080 (a path prefix is kept). */
  baseUrl: string
  /** Every call gives up after this long; a long-poll gets its wait on top. */
  timeoutMs?: number
  /** Validate every answer against the contract's schemas (default on). */
  validate?: boolean
  schemas?: DriverContractSchemas
}

/** An answer from the POS, as it came: for the conformance check, which judges it itself. */
export interface RawAnswer {
  endpoint: string
  status: number
  body: unknown
  /** Set when the body was not JSON. */
  text?: string
}

/** The POS could not be asked, did not answer in time, or answered outside the contract. */
export class DriverCallFailed extends Error {
  constructor(readonly endpoint: string, why: string, readonly status?: number) {
    super(`${endpoint}: ${why}`)
    this.name = 'DriverCallFailed'
  }
}

/** The POS answered with the contract's Error body: it refused the request and said why. */
export class DriverRefused extends DriverCallFailed {
  constructor(endpoint: string, status: number, readonly error: ErrorMessage['error']) {
    super(endpoint, `refused with ${status} ${error.code}: ${error.message}`, status)
    this.name = 'DriverRefused'
  }
}

export const DEFAULT_DRIVER_TIMEOUT_MS = 5_000

/**
 * Speaks the POS driver contract over HTTP with node's fetch. Every call has a timeout and every
 * failure names the endpoint, so an integrator sees at once which part of their driver misbehaved.
 */
export class DriverClient {
  private readonly baseUrl: string
  private readonly timeoutMs: number
  private readonly schemas?: DriverContractSchemas

  constructor(options: DriverClientOptions) {
    let url: URL
    try {
      url = new URL(options.baseUrl)
    } catch {
      throw new Error(`"${options.baseUrl}" is not a URL such as http://127.0.0.1:8080`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the driver URL must be http or https, not ${url.protocol}`)
    this.baseUrl = url.href.replace(/\/$/, '')
    this.timeoutMs = options.timeoutMs ?? DEFAULT_DRIVER_TIMEOUT_MS
    if (options.validate !== false) this.schemas = options.schemas ?? new DriverContractSchemas()
  }

  version(): Promise<VersionInfo> { return this.call('GET', '/version', 'Version') }
  state(): Promise<RegisterStateMessage> { return this.call('GET', '/attended/state', 'RegisterState') }
  openSale(request: AmountMessage): Promise<RegisterStateMessage> { return this.call('POST', '/attended/sales', 'RegisterState', request) }
  startCardPayment(request: CardPaymentRequestMessage): Promise<OperationMessage> { return this.call('POST', '/attended/card-payments', 'Operation', request) }
  startRefund(request: AmountMessage): Promise<OperationMessage> { return this.call('POST', '/attended/refunds', 'Operation', request) }
  startReversal(request: ReversalRequestMessage = {}): Promise<OperationMessage> { return this.call('POST', '/attended/reversals', 'Operation', request) }
  pressAbort(): Promise<KeyPressedMessage> { return this.call('POST', '/attended/abort', 'KeyPressed') }
  closePeriod(): Promise<OperationMessage> { return this.call('POST', '/attended/period-closing', 'Operation') }
  reprint(): Promise<OperationMessage> { return this.call('POST', '/attended/reprint', 'Operation') }
  checkLastTransaction(): Promise<OperationMessage> { return this.call('POST', '/attended/check-last-transaction', 'Operation') }
  restart(): Promise<OperationMessage> { return this.call('POST', '/attended/restart', 'Operation') }
  display(): Promise<DisplayHistoryMessage> { return this.call('GET', '/attended/display', 'DisplayHistory') }
  printouts(): Promise<PrintoutsMessage> { return this.call('GET', '/attended/printouts', 'Printouts') }
  journal(): Promise<JournalMessage> { return this.call('GET', '/attended/journal', 'Journal') }
  setPrinter(printer: PrinterName, condition: PrinterConditionMessage): Promise<PrinterConditionMessage> { return this.call('PUT', `/peripherals/printers/${printer}`, 'PrinterCondition', condition) }
  select(selection: MachineSelectionMessage): Promise<OperationMessage> { return this.call('POST', '/unattended/selection', 'Operation', selection) }
  pressStop(): Promise<KeyPressedMessage> { return this.call('POST', '/unattended/stop', 'KeyPressed') }
  machineStatus(): Promise<MachineStatusMessage> { return this.call('GET', '/unattended/status', 'MachineStatus') }

  /** One look at an operation, long-polling up to `waitMs` for it to conclude. */
  operation(id: string, waitMs = 0): Promise<OperationMessage> {
    return this.call('GET', `/operations/${encodeURIComponent(id)}?waitMs=${waitMs}`, 'Operation', undefined, waitMs)
  }

  /** Follows an operation until it concludes or `withinMs` has passed. */
  async concluded(started: OperationMessage, withinMs: number, pollMs = 10_000): Promise<OperationMessage> {
    const deadline = Date.now() + withinMs
    let current = started
    while (current.state !== 'concluded') {
      const left = deadline - Date.now()
      if (left <= 0) throw new DriverCallFailed(`GET /operations/${started.id}`, `the ${started.kind} did not conclude within ${withinMs} ms`)
      current = await this.operation(started.id, Math.min(pollMs, left))
    }
    return current
  }

  /** The answer as it came, status and body, for a caller that judges it itself. */
  async raw(method: string, path: string, body?: unknown, extraWaitMs = 0): Promise<RawAnswer> {
    const endpoint = `${method} ${path}`
    let response: Response
    try {
      response = await fetch(this.baseUrl + path, {
        method, signal: AbortSignal.timeout(this.timeoutMs + extraWaitMs),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
    } catch (error) {
      throw new DriverCallFailed(endpoint, describeFetchFailure(error as Error, this.timeoutMs + extraWaitMs, this.baseUrl))
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      throw new DriverCallFailed(endpoint, `the answer broke off: ${(error as Error).message}`, response.status)
    }
    try {
      return { endpoint, status: response.status, body: text === '' ? undefined : JSON.parse(text) }
    } catch {
      return { endpoint, status: response.status, body: undefined, text }
    }
  }

  private async call<T>(method: string, path: string, schema: ContractSchemaName, body?: unknown, extraWaitMs = 0): Promise<T> {
    const answer = await this.raw(method, path, body, extraWaitMs)
    const endpoint = answer.endpoint.replace(/\?.*$/, '')
    if (answer.text !== undefined) throw new DriverCallFailed(endpoint, `answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 120)}`, answer.status)
    if (answer.status >= 400) {
      const verdict = this.schemas?.validate('Error', answer.body)
      if (verdict && !verdict.valid) throw new DriverCallFailed(endpoint, `answered ${answer.status} without the contract's Error body (${verdict.problems.join('; ')})`, answer.status)
      throw new DriverRefused(endpoint, answer.status, (answer.body as ErrorMessage).error)
    }
    const verdict = this.schemas?.validate(schema, answer.body)
    if (verdict && !verdict.valid) throw new DriverCallFailed(endpoint, `answered outside the contract's ${schema}: ${verdict.problems.join('; ')}`, answer.status)
    return answer.body as T
  }
}

function describeFetchFailure(error: Error, timeoutMs: number, baseUrl: string): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`
  const cause = (error as Error & { cause?: NodeJS.ErrnoException }).cause
  if (cause?.code === 'ECONNREFUSED') return `nothing listens at ${baseUrl} (connection refused): is the POS's driver running?`
  return `could not be asked: ${cause?.message ?? error.message}`
}
