import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber'
import type { PaymentOutcome } from '../src/ecr/payment-outcome'
import type { JournalEntry, StoredJournalReceipt } from '../src/ecr/peripherals/journal'
import type { PrintedReceipt } from '../src/ecr/peripherals/printer'
import type { Sale } from '../src/ecr/sale'
import type { CardServiceResponse, DeviceState } from '../src/opi/messages'
import type { Money } from '../src/opi/money'
import { cardProfile, type CardEntry, type CardProfile } from '../src/terminal/cards'
import type { CardholderPlan } from '../src/terminal/scripted-cardholder'
import { pressAbortWhen, type CashierMoment } from './cashier'
import type { Approval, TerminalFact } from './environment'
import type { CashierCheck } from './scripted-cashier'
import type { RigParameters } from './rig-parameters'
import { openBench } from './bench-session'
import { RealRig } from './real-rig'
import { SimulatedRig, type FaultyRegister, type SecondLane } from './simulated-rig'
import type { SoftposScenario } from './softpos-scenario'
import type { UnattendedScenario } from './unattended-scenario'

/** Seconds a person takes to react to the terminal's prompt. */
const HUMAN_REACTION_MS = 2_000
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * One scenario's state: the rig and what the scenario has done with it. Steps talk to this class in
 * the language of the checkout; the wire stays in here and in the report.
 */
export class CertificationWorld extends World<RigParameters> {
  /** Assembled by the "assemble the rig" hook before the first step. */
  rig!: SimulatedRig | RealRig
  lastPayment?: PaymentOutcome
  /** Every card payment the scenario took, in order. */
  readonly payments: PaymentOutcome[] = []
  /** What the cashier is still doing at the register (pressing keys); a payment step waits for it. */
  private readonly cashierActions: Promise<void>[] = []
  /** Payments the scenario's Givens took before its When, oldest first. */
  readonly earlierPayments: PaymentOutcome[] = []
  /** Every sale the scenario opened, oldest first. */
  readonly sales: Sale[] = []
  /** A split bill's parts: what was asked, how it ended and what the cashier saw afterwards. */
  readonly splitParts: { amount: Money; outcome: PaymentOutcome; shown: string[]; openAfter: boolean }[] = []
  /** What the register's database held as in flight at the moment its power went. */
  inFlightAtPowerLoss?: JournalEntry[]
  /** The scenario's turning point (restart, cashier action, second payment): how much evidence existed then. */
  private turningPoint = { log: 0, display: 0, printed: 0 }
  /** Journal receipts a manager read back: by shift and by the first day's date. */
  readBack?: { byShift: StoredJournalReceipt[]; byDay: StoredJournalReceipt[] }
  private firstDayStartMs = 0
  /** Unattended scenarios: the machine, its terminal and devices (built by the @unattended hook). */
  unattended!: UnattendedScenario
  /** Two-lane scenarios: the second register at the terminal and the payment it is running. */
  secondLane?: SecondLane & { payment?: Promise<PaymentOutcome> }
  /** A register whose amount check lets anything through, and the terminal's answer to it. */
  faultyRegister?: FaultyRegister & { answer?: CardServiceResponse }
  /** SoftPOS scenarios: CCV's Payment API, the phone and the POS app (built by the @softpos hook). */
  softpos!: SoftposScenario

  constructor(options: IWorldOptions<RigParameters>) {
    super(options)
  }

  async assembleRig(): Promise<void> {
    this.rig = this.parameters.terminal === 'real' ? await RealRig.create(await openBench(this.parameters.bench ?? 'bench.json')) : await SimulatedRig.create(this.parameters)
    this.firstDayStartMs = Math.floor(this.rig.clock.now() / DAY_MS) * DAY_MS
  }

  async prepareCheckout(): Promise<void> {
    await this.rig.start()
  }

  cardholderWillPay(card: CardProfile, entry: CardEntry, pin: CardholderPlan['pin'], habits: Pick<CardholderPlan, 'alsoInField' | 'leavesCardIn'> = {}): void {
    this.rig.environment.cardholderWillPay({ card, entry, pin, reactionMs: HUMAN_REACTION_MS, ...habits })
  }

  async takeCardPayment(amount: Money): Promise<void> {
    this.openSale(amount)
    this.lastPayment = await this.rig.run(`the card payment of ${amount.minor / 100}`, async () => {
      const outcome = await this.rig.ecr.payByCard()
      await Promise.all(this.cashierActions)
      return outcome
    })
    this.payments.push(this.lastPayment)
  }

  /** The cashier presses Abort (once, or hammering) at a moment recognised on the register's screen. */
  async takeCardPaymentPressingAbort(amount: Money, presses: number, moment: CashierMoment): Promise<void> {
    pressAbortWhen(this.rig.ecr, this.rig.clock, moment, presses, (done) => this.cashierActions.push(done))
    await this.takeCardPayment(amount)
  }

  /** A fresh customer pays by Maestro chip and PIN: proves the checkout works after what went before. */
  async takeNextPaymentWithFreshCard(amount: Money): Promise<PaymentOutcome> {
    this.cardholderWillPay(cardProfile('Maestro'), 'chip', 'correct')
    await this.takeCardPayment(amount)
    return this.payment()
  }

  // ---- the cardholder, the cashier and the environment (Givens)

  /** The cardholder presses Stop as soon as the terminal asks for a card (quicker than presenting one). */
  cardholderWillPressStop(): void {
    this.rig.environment.cardholderWillPressStop(HUMAN_REACTION_MS / 2)
  }

  cashierWillAnswer(check: CashierCheck, yes: boolean | 'no answer'): void {
    this.rig.cashier.willAnswer(check, yes)
  }

  /** A fact about the link, the terminal or the host, in place before the scenario goes on. */
  async arrange(fact: TerminalFact): Promise<void> {
    await this.rig.environment.arrange(fact)
  }

  /** Money moved, from the host's records; the report says which records those were. */
  async expectHostApprovals(expected: Approval[]): Promise<void> {
    this.log(`Money moved is read from ${this.rig.hostRecords.source}.`)
    await this.rig.hostRecords.expectApprovals(expected, 'approved authorisations on the test host')
  }

  setReceiptPrinter(state: DeviceState): void {
    this.rig.ecr.printer.state = state
  }

  // ---- actions

  markTurningPoint(): void {
    this.turningPoint = { log: this.rig.log.entries.length, display: this.rig.ecr.display.history.length, printed: this.rig.ecr.printer.printed.length }
  }

  /** What the register showed before the turning point, first lines only. */
  shownBeforeTurningPoint(): string[][] {
    return this.rig.ecr.display.history.slice(0, this.turningPoint.display).filter((m) => m.source === 'register').map((m) => m.lines)
  }

  shownSinceTurningPoint(): string[][] {
    return this.rig.ecr.display.history.slice(this.turningPoint.display).map((m) => m.lines)
  }

  /** Requests the register sent from the turning point on, by type. */
  requestsSinceTurningPoint(): string[] {
    return this.rig.log.entries.slice(this.turningPoint.log).flatMap((e) => (e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' ? [e.message.requestType] : []))
  }

  paymentsBeforeTurningPoint(): number {
    return this.rig.log.entries.slice(0, this.turningPoint.log).filter((e) => e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' && e.message.requestType === 'CardPayment').length
  }

  printedSinceTurningPoint(): PrintedReceipt[] {
    return this.rig.ecr.printer.printed.slice(this.turningPoint.printed)
  }

  printedBeforeTurningPoint(): PrintedReceipt[] {
    return this.rig.ecr.printer.printed.slice(0, this.turningPoint.printed)
  }

  openSale(total: Money): Sale {
    const sale = this.rig.ecr.openSale(total)
    this.sales.push(sale)
    return sale
  }

  /** A Given's payment: taken, and any recovery it set off has run its course. */
  async takeEarlierPayment(amount: Money): Promise<PaymentOutcome> {
    this.openSale(amount)
    const outcome = await this.rig.run(`the earlier payment of ${amount.minor / 100}`, async () => {
      const result = await this.rig.ecr.payByCard()
      await this.rig.ecr.whenRecoveryEnds()
      return result
    })
    this.earlierPayments.push(outcome)
    this.payments.push(outcome)
    return outcome
  }

  /** A Given's payment by a named card, or by a cardholder who presses Stop. */
  async takeEarlierPaymentWith(amount: Money, card: CardProfile | 'stop'): Promise<void> {
    if (card === 'stop') this.cardholderWillPressStop()
    else this.cardholderWillPay(card, 'chip', 'correct')
    await this.takeEarlierPayment(amount)
  }

  async retryOpenSale(): Promise<void> {
    this.markTurningPoint()
    this.lastPayment = await this.rig.run('the payment of the open sale', () => this.rig.ecr.payByCard())
  }

  async untilLinkIsBack(): Promise<void> {
    await this.rig.untilLinkIsBack()
  }

  async checkLastTransaction(): Promise<void> {
    this.markTurningPoint()
    const outcome = await this.rig.run('checking the last transaction', () => this.rig.ecr.checkLastTransaction())
    if (outcome) this.lastPayment = outcome
  }

  async reprintLastTicket(): Promise<void> {
    this.markTurningPoint()
    await this.rig.run('reprinting the last ticket', () => this.rig.ecr.reprintLastTicket())
  }

  /** H2A: the register dies once the terminal is authorising, and is switched on again later. */
  async payAndLosePower(amount: Money, offForMs: number): Promise<void> {
    this.openSale(amount)
    // The dead register never learns how its call ended; its leftovers fail against a closed database.
    void this.rig.ecr.payByCard().catch(() => undefined)
    await this.rig.run('the cardholder completing card and PIN', () => this.rig.untilTerminalAuthorises())
    await this.restartRegister(offForMs)
    this.lastPayment = this.rig.ecr.recovered.at(-1)
  }

  async restartRegister(offForMs = 0): Promise<void> {
    this.inFlightAtPowerLoss = this.rig.inFlightOnDisk()
    await this.rig.powerCycleEcr(offForMs, () => this.markTurningPoint())
  }

  /** T1A: a payment and, straight after, the next sale's payment, as an impatient cashier would. */
  async payThenStartNext(first: Money, next: Money): Promise<void> {
    this.openSale(first)
    this.lastPayment = await this.rig.run('the first payment', () => this.rig.ecr.payByCard())
    this.markTurningPoint()
    this.openSale(next)
    this.earlierPayments.push(this.lastPayment)
    this.lastPayment = await this.rig.run('the next payment', () => this.rig.ecr.payByCard())
  }

  /** U1E: one bill, several card payments; the issuer of a `declined` part refuses it. */
  async splitBill(total: Money, parts: { card: CardProfile; amount: Money; declined: boolean }[]): Promise<void> {
    const sale = this.openSale(total)
    for (const part of parts) {
      this.cardholderWillPay(part.card, 'chip', 'correct')
      if (part.declined) this.rig.environment.issuerWillDeclineNext('51')
      const outcome = await this.rig.run(`the part of ${part.amount.minor / 100}`, () => this.rig.ecr.payByCard(part.amount))
      this.splitParts.push({ amount: part.amount, outcome, shown: this.rig.ecr.display.current, openAfter: sale.isOpen })
    }
    this.lastPayment = this.splitParts.at(-1)?.outcome
    if (sale !== this.rig.ecr.sale) throw new Error('the register replaced the bill during the split')
  }

  /** The shop closes; the next morning a new shift starts. */
  async startNextDayAndShift(): Promise<void> {
    await this.rig.wait(DAY_MS)
    this.rig.ecr.closeShift()
  }

  readJournalReceipts(shiftNumber: number): void {
    const journal = this.rig.ecr.journal
    this.readBack = {
      byShift: journal.journalReceipts({ shiftNumber }),
      byDay: journal.journalReceipts({ fromMs: this.firstDayStartMs, toMs: this.firstDayStartMs + DAY_MS }),
    }
  }

  payment(): PaymentOutcome {
    if (!this.lastPayment) throw new Error('no card payment was taken in this scenario')
    return this.lastPayment
  }
}

setWorldConstructor(CertificationWorld)
