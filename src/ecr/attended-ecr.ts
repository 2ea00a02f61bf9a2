import { isoTimestamp, withTimeout, type Clock } from '../clock/clock'
import type { ConversationLog } from '../opi/conversation-log'
import type { CardServiceRequest, PosData } from '../opi/messages'
import { describeMoney, money, type Money } from '../opi/money'
import { DeviceRequestDispatcher, type CashierPrompts } from './device-request-dispatcher'
import { OpiClient, ResultUnknown, TerminalUnreachable, type OpiClientConfig } from './opi-client'
import { cashierMessage, journalResultOf, outcomeOf, type PaymentOutcome } from './payment-outcome'
import { CashierDisplay } from './peripherals/cashier-display'
import { InMemoryJournal, type Journal } from './peripherals/journal'
import { ReceiptPrinter } from './peripherals/printer'
import { Sale } from './sale'

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
}

export interface AttendedEcrDependencies {
  clock: Clock
  log?: ConversationLog
  journal?: Journal
  prompts?: CashierPrompts
}

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
  private nextRequestNumber = 1
  private running?: RunningPayment

  constructor(private readonly config: AttendedEcrConfig, private readonly deps: AttendedEcrDependencies) {
    this.display = new CashierDisplay(deps.clock)
    this.printer = new ReceiptPrinter('customer receipt printer', deps.clock)
    this.journalPrinter = new ReceiptPrinter('journal printer', deps.clock)
    this.journal = deps.journal ?? new InMemoryJournal()
    this.dispatcher = new DeviceRequestDispatcher({
      display: this.display, printer: this.printer, journalPrinter: this.journalPrinter, journal: this.journal, prompts: deps.prompts,
    })
    this.client = new OpiClient({ ...config, clock: deps.clock, log: deps.log }, (request) => this.dispatcher.handle(request))
  }

  start(): Promise<void> {
    return this.client.start()
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
    const sale = this.sale ?? this.openSale(amount ?? money(0))
    // A negative sale (goods returned) must reach validation as what it is, not as "nothing left to pay".
    const toPay = amount ?? (sale.total.minor < 0 ? sale.total : sale.remaining())
    const refusal = this.validateAmount(toPay)
    if (refusal) return this.conclude({ status: 'refused by register', amount: toPay, reason: refusal })

    const request = this.cardServiceRequest(toPay)
    this.journal.begin({ requestId: request.requestId, requestType: request.requestType, amount: toPay, startedAtMs: this.deps.clock.now() })
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
    this.journal.finish(request.requestId, {
      result: journalResultOf(outcome.status), finishedAtMs: this.deps.clock.now(), approvalCode: outcome.approvalCode,
      cardCircuit: outcome.cardCircuit, maskedPan: outcome.maskedPan, reason: outcome.reason,
    })
    if (outcome.status === 'approved') sale.recordPayment(outcome.amount)
    return this.conclude(outcome)
  }

  /**
   * The cashier's Abort key. However often it is pressed, one AbortRequest goes out per running
   * payment; with nothing running, nothing is sent. The payment's own answer decides how it ended:
   * a refused abort means the payment goes on, and its approval is accepted.
   */
  pressAbort(): void {
    const running = this.running
    if (!running || running.abort) return
    const request: CardServiceRequest = {
      kind: 'CardServiceRequest', requestType: 'AbortRequest', requestId: String(this.nextRequestNumber++),
      workstationId: this.config.workstationId, applicationSender: this.config.applicationSender, posData: this.posData(),
    }
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

  private conclude(outcome: PaymentOutcome): PaymentOutcome {
    this.display.show(cashierMessage(outcome), 'register')
    return outcome
  }

  /** Checked before anything is sent: the terminal must never see an amount the register would not charge. */
  private validateAmount(amount: Money): string | undefined {
    if (!Number.isInteger(amount.minor)) return 'amounts have at most two decimals'
    if (amount.minor === 0) return 'a card payment needs an amount above 0.00'
    if (amount.minor < 0) return 'a negative amount cannot be paid by card; give money back with a refund'
    if (amount.currency !== this.config.maxAmount.currency) return `only ${this.config.maxAmount.currency} is accepted`
    if (amount.minor > this.config.maxAmount.minor) return `the amount exceeds the maximum of ${describeMoney(this.config.maxAmount)}`
    return undefined
  }

  private cardServiceRequest(amount: Money): CardServiceRequest {
    return {
      kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: String(this.nextRequestNumber++),
      workstationId: this.config.workstationId, applicationSender: this.config.applicationSender,
      posData: this.posData(), totalAmount: amount,
    }
  }

  private posData(): PosData {
    return {
      posTimeStamp: isoTimestamp(this.deps.clock.now()), languageCode: this.config.languageCode,
      printerStatus: this.printer.state, journalPrinterStatus: this.journalPrinter.state, eJournalStatus: 'Available',
    }
  }
}
