import { redactCardNumbers } from '../report/redact'
import { formatDecimal as formatMoney, parseDecimal, sameMoney, type Money } from '../opi/money'
import { DriverContractSchemas } from './contract-schema'
import { DriverCallFailed, DriverClient, type RawAnswer } from './driver-client'
import type { ContractPart, ContractSchemaName, JournalMessage, OperationKind, OperationMessage, VersionInfo } from './driver-contract'

export type CheckVerdict = 'passed' | 'failed' | 'skipped'

export interface CheckResult {
  /** The part of the contract the check belongs to. */
  part: ContractPart
  name: string
  verdict: CheckVerdict
  /** Why it failed or was skipped; what was seen when it passed. */
  detail?: string
}

export interface ConformanceOptions {
  baseUrl: string
  /** Per HTTP call. */
  timeoutMs: number
  /** How long an operation that waits for a cardholder may take. */
  operationTimeoutMs: number
  /** The amount of the one payment (and refund) the check makes. */
  amount: Money
  /** Only reading and refused requests: no payment, refund, reversal, period closing or restart. */
  readOnly: boolean
  /**
   * The simulated terminal's control channel (http://127.0.0.1:4180): lets the check keep the default
   * cardholder from paying, so a payment waits for a card while the cashier presses Abort.
   */
  terminalControl?: string
}

interface Check {
  part: ContractPart
  name: string
  run: () => Promise<string | undefined>
}

/** A check that found the POS outside the contract: the message is the reason shown to the integrator. */
class Breach extends Error {}

function expect(condition: boolean, why: string): void {
  if (!condition) throw new Breach(why)
}

/**
 * What `npm run driver:check` asks a POS before it runs a single case: each endpoint of the contract,
 * its answers held to the OpenAPI schemas, and a few rules no schema can say (the amount asked for is
 * the amount concluded, bad input changes nothing, one key press is one answer).
 */
export class ConformanceCheck {
  private readonly schemas = new DriverContractSchemas()
  private readonly client: DriverClient
  private version?: VersionInfo
  private lastCallFailed = false

  constructor(private readonly options: ConformanceOptions) {
    this.client = new DriverClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, schemas: this.schemas })
  }

  /** Runs every check in order, reporting each as it ends (a payment may take a while). */
  async run(onResult: (result: CheckResult) => void = () => undefined): Promise<CheckResult[]> {
    const results: CheckResult[] = []
    let unreachable: string | undefined
    for (const check of this.checks()) {
      // A POS that cannot be asked at all would fail every check for the same reason: say it once.
      const result = unreachable ? { part: check.part, name: check.name, verdict: 'skipped' as const, detail: unreachable } : await this.attempt(check)
      results.push(result)
      onResult(result)
      if (results.length === 1 && result.verdict === 'failed' && this.version === undefined && this.lastCallFailed) unreachable = 'not checked: the POS did not answer GET /version'
    }
    return results
  }

  private checks(): Check[] {
    const attended = (name: string, run: () => Promise<string | undefined>): Check => ({ part: 'attended', name, run })
    const moving = (name: string, run: () => Promise<string | undefined>): Check =>
      attended(name, () => (this.options.readOnly ? Promise.reject(new Skip('--read-only')) : run()))
    const declared = (part: 'peripherals' | 'unattended', name: string, run: () => Promise<string | undefined>): Check =>
      ({ part, name, run: () => (this.version?.parts.includes(part) ? run() : Promise.reject(new Skip(`the POS does not declare the ${part} part`))) })
    return [
      attended('GET /version names this contract and a version it can speak', () => this.checkVersion()),
      attended('GET /attended/state answers a RegisterState with no payment running', () => this.checkIdleState()),
      attended('GET /attended/display answers a DisplayHistory', () => this.checkRead('/attended/display', 'DisplayHistory')),
      attended('GET /attended/printouts answers Printouts', () => this.checkRead('/attended/printouts', 'Printouts')),
      attended('GET /attended/journal answers a Journal', () => this.checkRead('/attended/journal', 'Journal')),
      attended('GET /operations/{id} answers 404 with an Error for an unknown operation', () => this.checkUnknownOperation()),
      attended('POST /attended/card-payments refuses a malformed body with 400 and journals nothing', () => this.checkMalformedPayment()),
      attended('POST /attended/abort with no payment running is one key press and sends nothing', () => this.checkIdleAbort()),
      attended('POST /attended/sales rings up a bill the register state shows', () => this.checkOpenSale()),
      attended('A card payment of 0.00 is refused by the register itself, as an outcome', () => this.checkZeroAmount()),
      moving('A card payment concludes with the amount asked for, journaled under the same RequestID', () => this.checkPayment()),
      moving('POST /attended/abort during a payment waiting for a card cancels it, by the cashier', () => this.checkAbortWhileWaiting()),
      moving('POST /attended/reprint concludes succeeded or failed', () => this.checkAction('/attended/reprint', 'reprint')),
      moving('A refund concludes with the amount asked for', () => this.checkRefund()),
      moving('POST /attended/reversals concludes with an outcome', () => this.checkAction('/attended/reversals', 'reversal', {})),
      moving('POST /attended/period-closing concludes succeeded or failed', () => this.checkAction('/attended/period-closing', 'period-closing')),
      moving('POST /attended/restart concludes and the register answers again, its journal kept', () => this.checkRestart()),
      attended('No unmasked card number in what the POS showed, printed or journaled', () => this.checkNoCardNumbers()),
      declared('peripherals', 'PUT /peripherals/printers/receipt answers the printer as it is now', () => this.checkPrinter()),
      declared('unattended', '(draft) GET /unattended/status answers a MachineStatus', () => this.checkRead('/unattended/status', 'MachineStatus')),
    ]
  }

  private async attempt({ part, name, run }: Check): Promise<CheckResult> {
    try {
      return { part, name, verdict: 'passed', detail: await run() }
    } catch (error) {
      if (error instanceof Skip) return { part, name, verdict: 'skipped', detail: error.message }
      this.lastCallFailed = error instanceof DriverCallFailed
      if (error instanceof Breach || error instanceof DriverCallFailed) return { part, name, verdict: 'failed', detail: error.message }
      return { part, name, verdict: 'failed', detail: `the check itself broke: ${(error as Error).message}` }
    }
  }

  /** Calls and holds the answer to the expected status and schema. */
  private async answer<T>(method: string, path: string, status: number, schema: ContractSchemaName, body?: unknown): Promise<T> {
    const answer: RawAnswer = await this.client.raw(method, path, body)
    expect(answer.text === undefined, `${answer.endpoint} answered a body that is not JSON: ${answer.text?.slice(0, 80)}`)
    const error = answer.status >= 400 && this.schemas.validate('Error', answer.body).valid ? ` (${(answer.body as { error: { message: string } }).error.message})` : ''
    expect(answer.status === status, `${answer.endpoint} answered ${answer.status}${error}; the contract says ${status}`)
    const verdict = this.schemas.validate(schema, answer.body)
    expect(verdict.valid, `${answer.endpoint} answered outside the contract's ${schema}: ${verdict.problems.join('; ')}`)
    return answer.body as T
  }

  private async checkVersion(): Promise<string> {
    const version = await this.answer<VersionInfo>('GET', '/version', 200, 'Version')
    this.version = version
    const [major, minor] = version.version.split('.')
    const [ourMajor, ourMinor] = this.schemas.version.split('.')
    const compatible = major === ourMajor && (major !== '0' || minor === ourMinor)
    expect(compatible, `the POS implements contract ${version.version}; this check speaks ${this.schemas.version} (major${major === '0' ? '.minor' : ''} must match)`)
    expect(version.parts.includes('attended'), `the POS declares the parts ${version.parts.join(', ') || '(none)'}; the attended part is required`)
    return `${version.pos.name} ${version.pos.version}, contract ${version.version}, parts ${version.parts.join(', ')}`
  }

  private async checkIdleState(): Promise<undefined> {
    const state = await this.answer<{ paymentRunning: boolean }>('GET', '/attended/state', 200, 'RegisterState')
    expect(!state.paymentRunning, 'the POS says a payment is running before the check started one: restart it idle')
    return undefined
  }

  private async checkRead(path: string, schema: ContractSchemaName): Promise<undefined> {
    await this.answer('GET', path, 200, schema)
    return undefined
  }

  private async checkUnknownOperation(): Promise<undefined> {
    await this.answer('GET', '/operations/no-such-operation-0', 404, 'Error')
    return undefined
  }

  private async journalLength(): Promise<number> {
    return (await this.answer<JournalMessage>('GET', '/attended/journal', 200, 'Journal')).entries.length
  }

  private async checkMalformedPayment(): Promise<string> {
    const before = await this.journalLength()
    for (const body of ['{"amount": 10, "currency": "EUR"}', '{"amount": "10.00"}', 'not json']) {
      await this.answer('POST', '/attended/card-payments', 400, 'Error', body)
    }
    const after = await this.journalLength()
    expect(after === before, `the journal went from ${before} to ${after} entries after three refused requests`)
    return 'three malformed bodies refused'
  }

  private async checkIdleAbort(): Promise<undefined> {
    await this.answer('POST', '/attended/abort', 200, 'KeyPressed')
    const state = await this.answer<{ paymentRunning: boolean }>('GET', '/attended/state', 200, 'RegisterState')
    expect(!state.paymentRunning, 'after an abort with nothing running, the POS says a payment runs')
    return undefined
  }

  private async checkOpenSale(): Promise<undefined> {
    const state = await this.answer<{ saleOpen: boolean; leftToPay?: string }>('POST', '/attended/sales', 200, 'RegisterState', { amount: '30.00', currency: 'EUR' })
    expect(state.saleOpen && state.leftToPay === '30.00', `after ringing up 30.00 the register says ${state.saleOpen ? `${state.leftToPay ?? '(nothing)'} is left to pay` : 'no bill is open'}`)
    return undefined
  }

  private async follow(started: OperationMessage, kind: OperationKind): Promise<OperationMessage> {
    expect(started.kind === kind, `the operation started is a "${started.kind}", not a "${kind}"`)
    let current = started
    const deadline = Date.now() + this.options.operationTimeoutMs
    while (current.state !== 'concluded') {
      expect(Date.now() < deadline, `the ${kind} ${started.id} did not conclude within ${this.options.operationTimeoutMs} ms`)
      const path = `/operations/${encodeURIComponent(started.id)}?waitMs=${Math.min(10_000, Math.max(0, deadline - Date.now()))}`
      current = await this.answerWaiting(path)
      expect(current.id === started.id, `GET /operations/${started.id} answered the operation "${current.id}"`)
    }
    expect(current.error === undefined, `the POS could not carry out the ${kind}: ${current.error}`)
    return current
  }

  private async answerWaiting(path: string): Promise<OperationMessage> {
    const answer = await this.client.raw('GET', path, undefined, 10_000)
    expect(answer.status === 200, `${answer.endpoint} answered ${answer.status}; the contract says 200`)
    const verdict = this.schemas.validate('Operation', answer.body)
    expect(verdict.valid, `${answer.endpoint} answered outside the contract's Operation: ${verdict.problems.join('; ')}`)
    return answer.body as OperationMessage
  }

  /** With nobody presenting a card, the payment waits; one press of Abort must end it, as the cashier's doing. */
  private async checkAbortWhileWaiting(): Promise<string> {
    const control = this.options.terminalControl
    if (!control) throw new Skip('needs --terminal-control <url of the simulated terminal\'s control channel> to keep the cardholder from paying')
    await this.control(control, '/cardholder/default', { enabled: false })
    try {
      const started = await this.answer<OperationMessage>('POST', '/attended/card-payments', 202, 'Operation', { amount: formatMoney(this.options.amount), currency: this.options.amount.currency })
      await this.untilPaymentRunning()
      await this.answer('POST', '/attended/abort', 200, 'KeyPressed')
      const done = await this.follow(started, 'card-payment')
      expect(done.outcome?.status === 'aborted', `after one press of Abort the payment concluded "${done.outcome?.status ?? '(no outcome)'}"; the terminal cancels a payment still waiting for a card`)
      return done.outcome?.reason ?? 'aborted'
    } finally {
      await this.control(control, '/cardholder/default', { enabled: true })
    }
  }

  /** The register says a payment runs once it has sent it; a tool may poll where a scenario may not. */
  private async untilPaymentRunning(): Promise<void> {
    const deadline = Date.now() + 5000
    while (!(await this.answer<{ paymentRunning: boolean }>('GET', '/attended/state', 200, 'RegisterState')).paymentRunning) {
      expect(Date.now() < deadline, 'GET /attended/state never said a payment runs, within 5 s of starting one')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  private async control(base: string, path: string, body: unknown): Promise<void> {
    const response = await fetch(base.replace(/\/$/, '') + path, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(this.options.timeoutMs) })
      .catch((error: Error) => { throw new Breach(`the terminal's control channel at ${base} could not be asked: ${error.message}`) })
    expect(response.ok, `the terminal's control channel answered ${response.status} to POST ${path}`)
  }

  private async checkZeroAmount(): Promise<string | undefined> {
    const started = await this.answer<OperationMessage>('POST', '/attended/card-payments', 202, 'Operation', { amount: '0.00', currency: 'EUR' })
    const done = await this.follow(started, 'card-payment')
    expect(done.outcome?.status === 'refused-by-register', `the outcome is "${done.outcome?.status ?? '(none)'}"; a register refuses 0.00 before anything is sent`)
    return done.outcome?.reason
  }

  private async checkPayment(): Promise<string> {
    const { amount } = this.options
    const asked = { amount: formatMoney(amount), currency: amount.currency }
    const started = await this.answer<OperationMessage>('POST', '/attended/card-payments', 202, 'Operation', asked)
    const done = await this.follow(started, 'card-payment')
    const outcome = done.outcome
    expect(outcome !== undefined, 'the payment concluded without an outcome')
    expect(outcome!.amount !== undefined && sameMoney(parseDecimal(outcome!.amount, outcome!.currency ?? 'EUR'), amount),
      `the outcome says ${outcome!.amount ?? '(no amount)'} ${outcome!.currency ?? ''}; ${asked.amount} ${asked.currency} was asked for`)
    if (outcome!.status === 'approved') expect(Boolean(outcome!.approvalCode), 'an approved payment names no approval code')
    const journal = await this.answer<JournalMessage>('GET', '/attended/journal', 200, 'Journal')
    const entry = journal.entries.find((e) => e.requestId === outcome!.requestId)
    expect(entry !== undefined, `the journal has no entry for RequestID ${outcome!.requestId ?? '(the outcome names none)'}`)
    expect(entry!.amount === asked.amount, `the journal entry says ${entry!.amount ?? '(no amount)'}; ${asked.amount} was asked for`)
    return `${outcome!.status}${outcome!.approvalCode ? ` ${outcome!.approvalCode}` : ''}, RequestID ${outcome!.requestId}`
  }

  private async checkRefund(): Promise<string | undefined> {
    const { amount } = this.options
    const started = await this.answer<OperationMessage>('POST', '/attended/refunds', 202, 'Operation', { amount: formatMoney(amount), currency: amount.currency })
    const done = await this.follow(started, 'refund')
    const concluded = done.outcome?.amount
    expect(concluded === formatMoney(amount), `the refund concluded ${done.outcome?.status ?? '(no outcome)'} with ${concluded ?? 'no amount'}; ${formatMoney(amount)} was asked for`)
    return done.outcome?.status
  }

  private async checkAction(path: string, kind: OperationKind, body?: unknown): Promise<string> {
    const started = await this.answer<OperationMessage>('POST', path, 202, 'Operation', body)
    const done = await this.follow(started, kind)
    expect(done.outcome !== undefined, `the ${kind} concluded without an outcome`)
    if (kind !== 'reversal') expect(['succeeded', 'failed'].includes(done.outcome!.status), `the ${kind} concluded "${done.outcome!.status}"; the contract says succeeded or failed`)
    return `${done.outcome!.status}${done.outcome!.reason ? `: ${done.outcome!.reason}` : ''}`
  }

  private async checkRestart(): Promise<string> {
    const before = await this.journalLength()
    const started = await this.answer<OperationMessage>('POST', '/attended/restart', 202, 'Operation')
    const done = await this.follow(started, 'restart')
    await this.answer('GET', '/version', 200, 'Version')
    const after = await this.journalLength()
    expect(after >= before, `the journal had ${before} entries before the restart and ${after} after it: a restart must keep what was journaled`)
    return done.outcome ? `recovered: ${done.outcome.status}` : 'nothing was in flight'
  }

  /** The card number is the one thing a POS must never write out whole, wherever the terminal put it. */
  private async checkNoCardNumbers(): Promise<string> {
    const readings: [string, ContractSchemaName][] = [['/attended/display', 'DisplayHistory'], ['/attended/printouts', 'Printouts'], ['/attended/journal', 'Journal']]
    for (const [path, schema] of readings) {
      // Only the texts: timestamps are 13-digit numbers and can pass the card-number test by chance.
      const text = textsOf(await this.answer('GET', path, 200, schema)).join('\n')
      expect(redactCardNumbers(text) === text, `GET ${path} holds a full card number; mask it to its last four digits`)
    }
    return 'display, printouts and journal read'
  }

  private async checkPrinter(): Promise<undefined> {
    const printer = await this.answer<{ state?: string }>('PUT', '/peripherals/printers/receipt', 200, 'PrinterCondition', { state: 'Available' })
    expect(printer.state === 'Available', `the printer is "${printer.state ?? '(no state)'}" after it was set Available`)
    await this.answer('PUT', '/peripherals/printers/receipt', 400, 'Error', { state: 'OnFire' })
    return undefined
  }
}

class Skip extends Error {}


function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(textsOf)
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf)
  return []
}
