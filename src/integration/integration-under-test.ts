import type { PaymentOutcome } from '../ecr/payment-outcome'
import type { DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { JournalEntry } from '../ecr/peripherals/journal'
import type { PrintedReceipt } from '../ecr/peripherals/printer'
import type { Money } from '../opi/money'
import type { PrinterConditionMessage, PrinterName } from './driver-contract'

/** A ticket as it came out of one of the register's printers. */
export interface Printout extends PrintedReceipt {
  printer: PrinterName
}

/** What the cashier can see of the register besides its screen. */
export interface RegisterState {
  /** A payment was sent and its final answer has not come; the Abort key can still have an effect. */
  paymentRunning: boolean
  saleOpen: boolean
  leftToPay?: Money
}

/** An action that is not a payment (closing the period, reprinting): carried out or not, and why. */
export interface ActionResult {
  succeeded: boolean
  reason?: string
}

/** How a restart asked through the port goes, where the adapter can control it. */
export interface RestartOptions {
  /** How long the power stays off; an adapter whose POS restarts by itself may ignore it. */
  offForMs?: number
  /**
   * Called when the power comes back, before the register starts: the evidence's turning point. An
   * adapter that can wait for it does (the POS's own restart is one call, so it is called before it).
   */
  onPowerBack?: () => void | Promise<void>
}

/**
 * The integration under test, as the attended scenarios see it: what a cashier and the power supply do
 * to the register, and what the register showed, printed, journaled and concluded. Every reading is
 * asynchronous because the integration may be another process; wire-level facts are never read here
 * but from the terminal's side of the conversation.
 */
export interface IntegrationUnderTest {
  /** Names the integration in the report ("reference ECR", "python-pos 0.1.0 via the driver contract"). */
  readonly description: string
  start(): Promise<void>
  stop(): Promise<void>
  /** The cashier rings up a new bill of `total` without paying it yet (a split bill is paid in parts). */
  openSale(total: Money): Promise<void>
  /** The cashier rings up `amount` as a new sale and chooses card; with `part`, pays that much of the open sale. Resolves with the conclusion. */
  payByCard(amount: Money, options?: { part?: boolean }): Promise<PaymentOutcome>
  refund(amount: Money): Promise<PaymentOutcome>
  /** Voids the last approved payment, or the one with this trace number. */
  reverse(stan?: string): Promise<PaymentOutcome>
  /** One press of the Abort key; what goes to the terminal is the integration's business. */
  pressAbort(): Promise<void>
  closePeriod(): Promise<ActionResult>
  reprintLastTicket(): Promise<ActionResult>
  checkLastTransaction(): Promise<PaymentOutcome | undefined>
  /** Power loss and start-up; resolves once the register is ready again, with what it recovered. */
  restart(options?: RestartOptions): Promise<PaymentOutcome | undefined>
  state(): Promise<RegisterState>
  display(): Promise<DisplayedMessage[]>
  printouts(): Promise<Printout[]>
  journal(): Promise<JournalEntry[]>
  /** The environment changes one of the register's printers. */
  setPrinter(printer: PrinterName, condition: PrinterConditionMessage): Promise<void>
}

/** The integration does not offer this action at all (a missing feature, not a failed payment). */
export class NotOfferedByIntegration extends Error {
  constructor(readonly integration: string, action: string) {
    super(`${integration} does not offer ${action}`)
    this.name = 'NotOfferedByIntegration'
  }
}
