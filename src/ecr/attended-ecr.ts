import { isoTimestamp, withTimeout, type Clock } from '../clock/clock'
import type { ConversationLog } from '../opi/conversation-log'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse, PosData } from '../opi/messages'
import { describeMoney, money, type Money } from '../opi/money'
import { DeviceRequestDispatcher, type CashierPrompts } from './device-request-dispatcher'
import { EmployeeDirectory, type Credentials } from './employees'
import { OpiClient, ResultUnknown, TerminalUnreachable, type OpiClientConfig } from './opi-client'
import { cashierMessage, journalResultOf, outcomeOf, type PaymentOutcome } from './payment-outcome'
import { CashierDisplay } from './peripherals/cashier-display'
import type { Journal, JournalEntry } from './peripherals/journal'
import { InMemoryAccessLog, JournalAccess, type AccessLog } from './peripherals/journal-access'
import { ReceiptPrinter } from './peripherals/printer'
import { InMemoryCounters, type RegisterCounters } from './register-counters'
import { Sale } from './sale'
import { DEFAULT_RECOVERY_POLICY, TransactionRecovery, type RecoveryPolicy } from './transaction-recovery'

/** CCV's cases S1C/S1D assume a configurable maximum with this default. */
export const DEFAULT_MAX_AMOUNT: Money = money(9_999_999)

/** How long the register still listens for an abort's answer once the payment itself has ended. */
const ABORT_ANSWER_GRACE_MS = 10_000

/** The payment the register is waiting for, and the abort the cashier may have asked for. */
interface RunningPayment {
  requestId: string
  abort?: Promise<void>
  abortRefused?: boolean
}

export interface AttendedEcrConfig extends Omit<OpiClientConfig, 'log' | 'clock'> {
  workstationId: string
  languageCode: string
  /** The largest amount the register lets a cashier charge in one payment. */
  maxAmount: Money
  applicationSender?: string
  /** OPI-DE terminals refuse card requests until the workstation has logged in (the dialect says so). */
  loginRequired?: boolean
}

/** The terminal would not open a session for this workstation; nothing can be paid until it does. */
export class LoginRefused extends Error {
  constructor(overallResult: string, why?: string) {
    super(`the terminal refused this workstation's Login: ${overallResult}${why ? ` (${why})` : ''}`)
    this.name = 'LoginRefused'
  }
}

export interface AttendedEcrDependencies {
  clock: Clock
  log?: ConversationLog
  /** The register's journal: durable (SQLite) in every deployment, so it is never left out. */
  journal: Journal
  prompts?: CashierPrompts
  /** RequestID and shift counters; persist them with the journal so a restart never reuses an id. */
  counters?: RegisterCounters
  recoveryPolicy?: RecoveryPolicy
  /** Who may sign in on the register, with their roles; nobody when absent. */
  employees?: EmployeeDirectory
  /** Where attempts to read the journal are kept; the SQLite store keeps them in its hash chain. */
  accessLog?: AccessLog
}

/** Printer states in which the terminal will send the customer receipt. */
const PRINTS = ['Available', 'PaperLow']
const RECEIPT_OWED = ['Receipt not printed', 'It will be printed when the printer is back']

/**
 * The reference cash register: what an integrator's POS must do to pass CCV's attended cases. It keeps
 * the sale, starts card payments, mirrors every terminal message to the cashier, prints what the
 * terminal sends, journals every transaction and reports an outcome it can stand behind.
 */
export class AttendedEcr {
  readonly display: CashierDisplay
  readonly printer: ReceiptPrinter
  readonly journalPrinter: ReceiptPrinter
  readonly journal: Journal
  sale?: Sale
  private readonly client: OpiClient
  private readonly dispatcher: DeviceRequestDispatcher
  private readonly counters: RegisterCounters
  private readonly recovery: TransactionRecovery
  private running?: RunningPayment
  /** The sale each payment belongs to, so a late-recovered outcome is booked on the right bill. */
  private readonly saleOf = new Map<string, Sale>()
  /** Automatic recovery after a lost answer; new payments wait for it. */
  private recovering?: Promise<unknown>
  private accessLog?: AccessLog
  /** Outcomes learnt by recovery, in order, for the cashier's screen and the evidence. */
  readonly recovered: PaymentOutcome[] = []

  constructor(private readonly config: AttendedEcrConfig, private readonly deps: AttendedEcrDependencies) {
    this.display = new CashierDisplay(deps.clock)
    this.printer = new ReceiptPrinter('customer receipt printer', deps.clock)
    this.journalPrinter = new ReceiptPrinter('journal printer', deps.clock)
    this.journal = deps.journal
    this.dispatcher = new DeviceRequestDispatcher({
      display: this.display, printer: this.printer, journalPrinter: this.journalPrinter, journal: this.journal, prompts: deps.prompts,
    })
    this.client = new OpiClient({ ...config, clock: deps.clock, log: deps.log }, (request) => this.dispatcher.handle(request))
    this.counters = deps.counters ?? new InMemoryCounters()
    this.recovery = new TransactionRecovery({
      clock: deps.clock, workstationId: config.workstationId,
      ask: (requestType, onBehalfOf) => this.askForRecovery(requestType, onBehalfOf),
      printed: () => [...this.printer.printed, ...this.journalPrinter.printed],
    }, deps.recoveryPolicy ?? DEFAULT_RECOVERY_POLICY)
  }

  /** Opens the device channel, logs in where the dialect wants it, then settles any payment a crash or power loss left in flight. */
  async start(): Promise<void> {
    await this.client.start()
    if (this.config.loginRequired) await this.login()
    if (this.journal.inFlight().length > 0) await this.recoverInFlight()
  }

  /** A second Login without Logoff is accepted by terminals, so a restarted register simply logs in again. */
  private async login(): Promise<void> {
    const response = await this.client.request({
      kind: 'ServiceRequest', requestType: 'Login', requestId: this.counters.nextRequestId(),
      workstationId: this.config.workstationId, applicationSender: this.config.applicationSender, posData: this.posData(),
    })
    if (response.overallResult !== 'Success') throw new LoginRefused(response.overallResult, response.privateData?.errorText)
  }

  /** The cashier's "check last transaction": recovers an unknown payment, or shows the last result. */
  async checkLastTransaction(): Promise<PaymentOutcome | undefined> {
    await this.recovering
    if (this.journal.inFlight().length > 0) return this.recoverInFlight()
    const last = this.journal.entries().filter((e) => e.requestType === 'CardPayment').at(-1)
    if (last) this.display.show(['Last transaction', `${last.amount ? describeMoney(last.amount) : ''} ${last.result}`.trim()], 'register')
    return undefined
  }

  /** The cashier's "reprint last ticket": the terminal replays it through our printer as a copy. */
  async reprintLastTicket(): Promise<boolean> {
    // Only authorised payments have a ticket; refusals and unknowns have none to replay.
    const last = this.journal.entries().filter((e) => e.requestType === 'CardPayment' && (e.result === 'approved' || e.result === 'declined')).at(-1)
    let response: CardServiceResponse
    try {
      response = await this.askForRecovery('TicketReprint', last?.requestId)
    } catch (error) {
      this.display.show(['Ticket not reprinted', (error as Error).message], 'register')
      return false
    }
    const printed = response.overallResult === 'Success'
    this.display.show(printed ? ['Ticket reprinted'] : ['Ticket not reprinted', response.privateData?.errorText ?? response.overallResult], 'register')
    return printed
  }

  /** The back office's journal: only for a signed-in employee with the journal role; every attempt is logged. */
  openJournal(credentials: Credentials): JournalEntry[] {
    this.accessLog ??= this.deps.accessLog ?? new InMemoryAccessLog()
    return new JournalAccess(this.journal, this.accessLog, this.deps.employees ?? new EmployeeDirectory(), this.deps.clock).open(credentials)
  }

  /** Resolves once any automatic recovery running now has ended (recovered or given up). */
  async whenRecoveryEnds(): Promise<void> {
    await this.recovering
  }

  /** Starts the next shift (POSdata ShiftNumber); journal receipts can be read back per shift. */
  closeShift(): number {
    return this.counters.closeShift()
  }

  stop(): Promise<void> {
    return this.client.stop()
  }

  openSale(total: Money): Sale {
    this.sale = new Sale(total)
    return this.sale
  }

  /** Pays what is left of the open sale (or `amount` of it, for a split bill) by card. */
  async payByCard(amount?: Money): Promise<PaymentOutcome> {
    // A paid sale is history: a payment after it starts a new one rather than overpaying the old.
    const sale = this.sale?.isOpen ? this.sale : this.openSale(amount ?? money(0))
    // A negative sale (goods returned) must reach validation as what it is, not as "nothing left to pay".
    const toPay = amount ?? (sale.total.minor < 0 ? sale.total : sale.remaining())
    const refusal = this.validateAmount(toPay) ?? this.validateAgainstSale(toPay, sale)
    if (refusal) return this.conclude({ status: 'refused by register', amount: toPay, reason: refusal })
    await this.recovering
    const unresolved = this.journal.inFlight()[0]
    if (unresolved) return this.conclude({ status: 'blocked', amount: toPay, reason: `the result of payment #${unresolved.requestId} is unknown: check the last transaction first` })

    let outcome = await this.sendPayment(toPay, sale)
    // The terminal still owes the last ticket: print it first, then the payment may go ahead.
    if (outcome.response?.overallResult === 'PrintLastTicket' && (await this.reprintLastTicket())) outcome = await this.sendPayment(toPay, sale)
    if (outcome.status === 'unknown') this.recoverInBackground()
    this.conclude(outcome, sale, toPay)
    if ((outcome.status === 'approved' || outcome.status === 'declined') && !PRINTS.includes(this.printer.state)) this.display.show(RECEIPT_OWED, 'register')
    return outcome
  }

  /** One CardPayment: journaled as started before it is sent, completed with what came back. */
  private async sendPayment(toPay: Money, sale: Sale): Promise<PaymentOutcome> {
    const request = this.cardServiceRequest(toPay)
    this.saleOf.set(request.requestId, sale)
    this.journal.begin({ requestId: request.requestId, requestType: request.requestType, amount: toPay, startedAtMs: this.deps.clock.now(), shiftNumber: request.posData.shiftNumber })
    this.dispatcher.currentRequestId = request.requestId
    const running: RunningPayment = (this.running = { requestId: request.requestId })
    let outcome: PaymentOutcome
    try {
      outcome = outcomeOf(await this.client.request(request), toPay)
    } catch (error) {
      if (error instanceof ResultUnknown) outcome = { status: 'unknown', amount: toPay, requestId: request.requestId, reason: error.message }
      else if (error instanceof TerminalUnreachable) outcome = { status: 'terminal unreachable', amount: toPay, requestId: request.requestId, reason: error.message }
      else throw error
    } finally {
      this.dispatcher.currentRequestId = undefined
      this.running = undefined
      // The abort's own answer may come after the payment's; the cashier sees the result after both,
      // but a terminal that never answers the abort must not hold up a payment that has ended.
      if (running.abort) await withTimeout(this.deps.clock, running.abort, ABORT_ANSWER_GRACE_MS, 'the abort\'s answer').catch(() => undefined)
    }
    // Who cancelled is the register's own knowledge: it alone knows whether it asked for an abort.
    if (outcome.status === 'aborted') outcome.reason = running.abort && !running.abortRefused ? 'cancelled by the cashier' : 'cancelled by the customer at the terminal'
    this.book(request.requestId, outcome)
    return outcome
  }

  /** Journal and sale learn the outcome together, once. */
  private book(requestId: string, outcome: PaymentOutcome): void {
    this.journal.finish(requestId, {
      result: journalResultOf(outcome.status), finishedAtMs: this.deps.clock.now(), approvalCode: outcome.approvalCode,
      cardCircuit: outcome.cardCircuit, maskedPan: outcome.maskedPan, reason: outcome.reason, terminalId: outcome.response?.terminal?.terminalId,
      // What was taken, not what was asked: a terminal may approve less than the amount requested.
      amount: outcome.status === 'approved' ? outcome.amount : undefined,
    })
    if (outcome.status === 'approved') this.saleOf.get(requestId)?.recordPayment(outcome.amount)
  }

  /**
   * The cashier's Abort key. However often it is pressed, one AbortRequest goes out per running
   * payment; with nothing running, nothing is sent. The payment's own answer decides how it ended:
   * a refused abort means the payment goes on, and its approval is accepted.
   */
  pressAbort(): void {
    const running = this.running
    if (!running || running.abort) return
    const request = this.cardServiceRequest(undefined, 'AbortRequest')
    this.display.show(['Abort requested', 'waiting for the terminal'], 'register')
    running.abort = this.client.request(request).then(
      (response) => { running.abortRefused = response.overallResult !== 'Success' },
      // An abort lost on the way changes nothing: the payment's answer still decides.
      () => { running.abortRefused = true },
    ).then(() => {
      if (running.abortRefused && this.running === running) this.display.show(['Too late to abort', 'the payment goes on'], 'register')
    })
  }

  /** Whether the cashier can still press Abort to some effect. */
  get paymentRunning(): boolean {
    return this.running !== undefined
  }

  private conclude(outcome: PaymentOutcome, sale?: Sale, paid?: Money): PaymentOutcome {
    // A part of a split bill also tells the cashier what is left to pay.
    const split = sale && paid && paid.minor < sale.total.minor ? [`Left to pay ${describeMoney(sale.remaining())}`] : []
    this.display.show([...cashierMessage(outcome), ...split], 'register')
    return outcome
  }

  private recoverInBackground(): void {
    this.recovering = this.recoverInFlight().catch((error: Error) => {
      this.display.show(['Payment result unknown', `recovery failed: ${error.message}`], 'register')
    })
  }

  /** Recovers every payment left in flight, oldest first; returns the last one's outcome. */
  private async recoverInFlight(): Promise<PaymentOutcome | undefined> {
    let last: PaymentOutcome | undefined
    for (const entry of this.journal.inFlight()) last = await this.recoverPayment(entry)
    return last
  }

  private async recoverPayment(entry: JournalEntry): Promise<PaymentOutcome> {
    const outcome = await this.recovery.recover(entry)
    this.recovered.push(outcome)
    if (outcome.status === 'unknown') return this.conclude(outcome)
    // After a restart the bill is gone from memory: what the journal holds is rebuilt as the sale.
    if (!this.saleOf.has(entry.requestId)) this.saleOf.set(entry.requestId, this.sale = new Sale(entry.amount!))
    this.book(entry.requestId, outcome)
    return this.conclude(outcome)
  }

  private async askForRecovery(requestType: 'RepeatLastMessage' | 'TicketReprint', onBehalfOf: string | undefined): Promise<CardServiceResponse> {
    const request = this.cardServiceRequest(undefined, requestType)
    if (onBehalfOf) this.dispatcher.aliases.set(request.requestId, onBehalfOf)
    return this.client.request(request)
  }

  /** Checked before anything is sent: the terminal must never see an amount the register would not charge. */
  private validateAmount(amount: Money): string | undefined {
    if (!Number.isInteger(amount.minor)) return 'amounts have at most two decimals'
    if (amount.minor === 0) return 'a card payment needs an amount above 0.00'
    // Stryker disable next-line EqualityOperator: 0 is refused on the line above, so < 0 and <= 0 refuse the same amounts
    if (amount.minor < 0) return 'a negative amount cannot be paid by card; give money back with a refund'
    if (amount.currency !== this.config.maxAmount.currency) return `only ${this.config.maxAmount.currency} is accepted`
    if (amount.minor > this.config.maxAmount.minor) return `the amount exceeds the maximum of ${describeMoney(this.config.maxAmount)}`
    return undefined
  }

  /** A part of a split bill may not exceed what is left to pay. */
  private validateAgainstSale(amount: Money, sale: Sale): string | undefined {
    return sale.total.minor > 0 && amount.minor > sale.remaining().minor ? `only ${describeMoney(sale.remaining())} is left to pay` : undefined
  }

  private cardServiceRequest(amount: Money | undefined, requestType: CardServiceRequestType = 'CardPayment'): CardServiceRequest {
    return {
      kind: 'CardServiceRequest', requestType, requestId: this.counters.nextRequestId(),
      workstationId: this.config.workstationId, applicationSender: this.config.applicationSender,
      posData: this.posData(), totalAmount: amount,
    }
  }

  private posData(): PosData {
    return {
      posTimeStamp: isoTimestamp(this.deps.clock.now()), languageCode: this.config.languageCode,
      printerStatus: this.printer.state, journalPrinterStatus: this.journalPrinter.state, eJournalStatus: 'Available',
      shiftNumber: this.counters.currentShift(),
    }
  }
}
