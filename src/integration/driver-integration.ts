import type { PaymentOutcome } from '../ecr/payment-outcome'
import type { DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { JournalEntry } from '../ecr/peripherals/journal'
import type { Money } from '../opi/money'
import { amountMessage, displayFromContract, journalEntryFromContract, moneyFromContract, outcomeFromContract, printoutFromContract } from './contract-mapping'
import { DriverCallFailed, type DriverClient } from './driver-client'
import type { OperationMessage, PrinterConditionMessage, PrinterName } from './driver-contract'
import type { ActionResult, IntegrationUnderTest, Printout, RegisterState, RestartOptions } from './integration-under-test'

export interface DriverIntegrationOptions {
  /** How long a payment may take before the driver is called broken: above the terminal's longest cardholder timeout. */
  operationTimeoutMs: number
}

/**
 * An integrator's POS in its own process, driven through the driver contract. It plays the cashier
 * only; what the POS says to the terminal is read elsewhere, from the terminal's side.
 */
export class DriverIntegration implements IntegrationUnderTest {
  description = 'a POS through the driver contract'

  constructor(private readonly client: DriverClient, private readonly options: DriverIntegrationOptions) {}

  /** Asks the POS who it is, so the report names the product rather than the adapter. */
  async start(): Promise<void> {
    const version = await this.client.version()
    this.description = `${version.pos.name} ${version.pos.version} (driver contract ${version.version})`
  }

  stop(): Promise<void> {
    return Promise.resolve()
  }

  async openSale(total: Money): Promise<void> {
    await this.client.openSale(amountMessage(total))
  }

  async payByCard(amount: Money, options: { part?: boolean } = {}): Promise<PaymentOutcome> {
    return this.paymentOutcome(await this.client.startCardPayment({ ...amountMessage(amount), ...(options.part ? { part: true } : {}) }), amount)
  }

  async refund(amount: Money): Promise<PaymentOutcome> {
    return this.paymentOutcome(await this.client.startRefund(amountMessage(amount)), amount)
  }

  async reverse(stan?: string): Promise<PaymentOutcome> {
    return this.paymentOutcome(await this.client.startReversal(stan ? { stan } : {}))
  }

  async pressAbort(): Promise<void> {
    await this.client.pressAbort()
  }

  async closePeriod(): Promise<ActionResult> {
    return this.actionResult(await this.client.closePeriod())
  }

  async reprintLastTicket(): Promise<ActionResult> {
    return this.actionResult(await this.client.reprint())
  }

  async checkLastTransaction(): Promise<PaymentOutcome | undefined> {
    return this.optionalOutcome(await this.client.checkLastTransaction())
  }

  /** The contract's restart is power off and on at once: the POS decides how long it stays off. */
  async restart(options: RestartOptions = {}): Promise<PaymentOutcome | undefined> {
    await options.onPowerBack?.()
    return this.optionalOutcome(await this.client.restart())
  }

  async state(): Promise<RegisterState> {
    const state = await this.client.state()
    return {
      paymentRunning: state.paymentRunning, saleOpen: state.saleOpen,
      leftToPay: state.leftToPay !== undefined ? moneyFromContract(state.leftToPay, state.currency ?? 'EUR') : undefined,
    }
  }

  async display(): Promise<DisplayedMessage[]> {
    return (await this.client.display()).messages.map(displayFromContract)
  }

  async printouts(): Promise<Printout[]> {
    return (await this.client.printouts()).printouts.map(printoutFromContract)
  }

  async journal(): Promise<JournalEntry[]> {
    return (await this.client.journal()).entries.map(journalEntryFromContract)
  }

  async setPrinter(printer: PrinterName, condition: PrinterConditionMessage): Promise<void> {
    await this.client.setPrinter(printer, condition)
  }

  private async concluded(started: OperationMessage): Promise<OperationMessage> {
    const done = await this.client.concluded(started, this.options.operationTimeoutMs)
    if (done.error) throw new DriverCallFailed(`GET /operations/${done.id}`, `the POS could not carry out the ${done.kind}: ${done.error}`)
    return done
  }

  private async paymentOutcome(started: OperationMessage, requested?: Money): Promise<PaymentOutcome> {
    const done = await this.concluded(started)
    if (!done.outcome) throw new DriverCallFailed(`GET /operations/${done.id}`, `the ${done.kind} concluded without an outcome`)
    return outcomeFromContract(done.outcome, requested)
  }

  private async optionalOutcome(started: OperationMessage): Promise<PaymentOutcome | undefined> {
    const done = await this.concluded(started)
    return done.outcome ? outcomeFromContract(done.outcome) : undefined
  }

  private async actionResult(started: OperationMessage): Promise<ActionResult> {
    const { outcome } = await this.concluded(started)
    return { succeeded: outcome?.status === 'succeeded', reason: outcome?.reason }
  }
}
