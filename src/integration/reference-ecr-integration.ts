import type { AttendedEcr } from '../ecr/attended-ecr'
import type { PaymentOutcome } from '../ecr/payment-outcome'
import type { DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { JournalEntry } from '../ecr/peripherals/journal'
import type { ReceiptPrinter } from '../ecr/peripherals/printer'
import type { Money } from '../opi/money'
import type { PrinterConditionMessage, PrinterName } from './driver-contract'
import { NotOfferedByIntegration, type ActionResult, type IntegrationUnderTest, type Printout, type RegisterState, type RestartOptions } from './integration-under-test'

/**
 * Where the reference ECR lives: the rig owns it and replaces it when the register loses power
 * (`support/simulated-rig.ts` has exactly this shape). The caller runs each action on the rig's clock.
 */
export interface ReferenceEcrHost {
  readonly ecr: AttendedEcr
  /** Power loss and start-up: the rig rebuilds the register from its database alone. */
  powerCycleEcr(offForMs: number, onPowerBack?: () => void): Promise<void>
}

/** How long the reference register stays off in a restart asked for through the port. */
const OFF_FOR_MS = 5_000

/**
 * The project's own register in-process, behind the port: today's behaviour, unchanged. It reads the
 * register's objects directly, so it costs nothing in the default profiles.
 */
export class ReferenceEcrIntegration implements IntegrationUnderTest {
  readonly description = 'the reference ECR (in-process)'

  constructor(private readonly host: ReferenceEcrHost) {}

  private get ecr(): AttendedEcr {
    return this.host.ecr
  }

  start(): Promise<void> {
    return this.ecr.start()
  }

  stop(): Promise<void> {
    return this.ecr.stop()
  }

  openSale(total: Money): Promise<void> {
    this.ecr.openSale(total)
    return Promise.resolve()
  }

  payByCard(amount: Money, options: { part?: boolean } = {}): Promise<PaymentOutcome> {
    if (options.part) return this.ecr.payByCard(amount)
    this.ecr.openSale(amount)
    return this.ecr.payByCard()
  }

  refund(): Promise<PaymentOutcome> {
    return Promise.reject(new NotOfferedByIntegration(this.description, 'refunds'))
  }

  reverse(): Promise<PaymentOutcome> {
    return Promise.reject(new NotOfferedByIntegration(this.description, 'reversals'))
  }

  pressAbort(): Promise<void> {
    this.ecr.pressAbort()
    return Promise.resolve()
  }

  /** The reference register closes its shift locally: the next requests carry the next ShiftNumber. */
  closePeriod(): Promise<ActionResult> {
    this.ecr.closeShift()
    return Promise.resolve({ succeeded: true })
  }

  async reprintLastTicket(): Promise<ActionResult> {
    const succeeded = await this.ecr.reprintLastTicket()
    return succeeded ? { succeeded } : { succeeded, reason: this.ecr.display.current.slice(1).join(' ') }
  }

  async checkLastTransaction(): Promise<PaymentOutcome | undefined> {
    return this.ecr.checkLastTransaction()
  }

  async restart(options: RestartOptions = {}): Promise<PaymentOutcome | undefined> {
    const old = this.ecr
    const before = old.recovered.length
    const { onPowerBack } = options
    // The rig calls back synchronously; what the caller reads there, it reads at that instant.
    await this.host.powerCycleEcr(options.offForMs ?? OFF_FOR_MS, onPowerBack ? () => void onPowerBack() : undefined)
    // The rig builds a new register on power-up: only what that one recovered counts.
    const recovered = this.ecr === old ? this.ecr.recovered.slice(before) : this.ecr.recovered
    return recovered.at(-1)
  }

  state(): Promise<RegisterState> {
    const sale = this.ecr.sale
    return Promise.resolve({ paymentRunning: this.ecr.paymentRunning, saleOpen: sale?.isOpen ?? false, leftToPay: sale?.isOpen ? sale.remaining() : undefined })
  }

  display(): Promise<DisplayedMessage[]> {
    return Promise.resolve([...this.ecr.display.history])
  }

  printouts(): Promise<Printout[]> {
    const tickets = [
      ...this.ecr.printer.printed.map((r) => ({ ...r, printer: 'receipt' as const })),
      ...this.ecr.journalPrinter.printed.map((r) => ({ ...r, printer: 'journal' as const })),
    ]
    return Promise.resolve(tickets.sort((a, b) => a.atMs - b.atMs))
  }

  journal(): Promise<JournalEntry[]> {
    return Promise.resolve(this.ecr.journal.entries())
  }

  setPrinter(printer: PrinterName, condition: PrinterConditionMessage): Promise<void> {
    const device: ReceiptPrinter = printer === 'receipt' ? this.ecr.printer : this.ecr.journalPrinter
    if (condition.state) device.state = condition.state
    if (condition.jamOnNextTicket) device.jamOnNextTicket()
    return Promise.resolve()
  }
}
