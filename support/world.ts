import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber'
import type { PaymentOutcome } from '../src/ecr/payment-outcome'
import type { AttendedEcr } from '../src/ecr/attended-ecr'
import type { JournalEntry, StoredJournalReceipt } from '../src/ecr/peripherals/journal'
import type { PrintedReceipt } from '../src/ecr/peripherals/printer'
import type { Sale } from '../src/ecr/sale'
import type { IntegrationUnderTest } from '../src/integration/integration-under-test'
import type { PrinterState } from '../src/integration/driver-contract'
import type { CardServiceResponse } from '../src/opi/messages'
import type { Money } from '../src/opi/money'
import { cardProfile, type CardEntry, type CardProfile } from '../src/terminal/cards'
import type { CardholderPlan } from '../src/terminal/scripted-cardholder'
import { CaseNotRun } from '../src/operator/not-run'
import { pressesAbortAtTerminalMoments } from '../src/integration/person-operated-integration'
import { CASHIER_MOMENTS, pressAbortWhen, type CashierMoment } from './cashier'
import type { Approval, TerminalFact } from './environment'
import { assembleAttended, type AttendedAssembly, type AttendedRig } from './integration-factory'
import { IntegrationView } from './integration-view'
import { PosRig } from './pos-rig'
import type { CashierCheck } from './scripted-cashier'
import type { RigParameters } from './rig-parameters'
import type { FaultyRegister, SecondLane } from './simulated-rig'
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
  /** Assembled by the "assemble the rig" hook before the first step: the terminal, the witness and the environment. */
  rig!: AttendedRig
  /** The register under test, as a port: every action and every reading of it goes through here. */
  integration!: IntegrationUnderTest
  /** What the register showed, printed, journaled and holds open, read before the running step began. */
  seen: IntegrationView = IntegrationView.empty
  private onCashierScreen!: AttendedAssembly['onCashierScreen']
  lastPayment?: PaymentOutcome
  /** Every card payment the scenario took, in order. */
  readonly payments: PaymentOutcome[] = []
  /** What the cashier is still doing at the register (pressing keys); a payment step waits for it. */
  private readonly cashierActions: Promise<void>[] = []
  /** Payments the scenario's Givens took before its When, oldest first. */
  readonly earlierPayments: PaymentOutcome[] = []
  /** Every sale the scenario opened, oldest first: its total, and the reference ECR's own bill where there is one. */
  readonly sales: { total: Money; bill?: Sale }[] = []
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
    const assembly = await assembleAttended(this.parameters)
    this.rig = assembly.rig
    this.integration = assembly.integration
    this.onCashierScreen = (listener) => assembly.onCashierScreen(listener)
    this.firstDayStartMs = Math.floor(this.rig.clock.now() / DAY_MS) * DAY_MS
  }

  async prepareCheckout(): Promise<void> {
    await this.rig.start()
  }

  cardholderWillPay(card: CardProfile, entry: CardEntry, pin: CardholderPlan['pin'], habits: Pick<CardholderPlan, 'alsoInField' | 'leavesCardIn'> = {}): void {
    this.rig.environment.cardholderWillPay({ card, entry, pin, reactionMs: HUMAN_REACTION_MS, ...habits })
  }

  /** Reads what the register has done so far, through the port: `seen`. */
  async observe(): Promise<IntegrationView> {
    this.seen = await IntegrationView.read(this.integration)
    return this.seen
  }

  async takeCardPayment(amount: Money): Promise<void> {
    this.lastPayment = await this.rig.run(`the card payment of ${amount.minor / 100}`, async () => {
      const outcome = await this.newSalePaidByCard(amount)
      await Promise.all(this.cashierActions)
      return outcome
    })
    this.payments.push(this.lastPayment)
  }

  /** The cashier rings up `amount` as a new sale and chooses card. */
  private newSalePaidByCard(amount: Money): Promise<PaymentOutcome> {
    const paying = this.integration.payByCard(amount)
    this.noteSale(amount)
    return paying
  }

  /** The cashier presses Abort (once, or hammering) at a moment recognised on the register's screen. */
  async takeCardPaymentPressingAbort(amount: Money, presses: number, moment: CashierMoment): Promise<void> {
    const integration = this.integration
    if (pressesAbortAtTerminalMoments(integration)) {
      // A person is told to press when the terminal shows the moment; ten presses are one prompt.
      this.cashierActions.push(integration.pressAbortWhenTerminalShows(CASHIER_MOMENTS[moment], presses))
    } else {
      const register = { onScreen: this.onCashierScreen, pressAbort: () => integration.pressAbort() }
      pressAbortWhen(register, this.rig.clock, moment, presses, (done) => this.cashierActions.push(done))
    }
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

  /** A fact about the link, the terminal or the host, in place before the scenario goes on. */
  async arrange(fact: TerminalFact): Promise<void> {
    await this.rig.environment.arrange(fact)
  }

  /** Money moved, from the host's records; the report says which records those were. */
  async expectHostApprovals(expected: Approval[]): Promise<void> {
    this.log(`Money moved is read from ${this.rig.hostRecords.source}.`)
    await this.rig.hostRecords.expectApprovals(expected, 'approved authorisations on the test host')
  }

  async setReceiptPrinter(state: PrinterState): Promise<void> {
    await this.integration.setPrinter('receipt', { state })
  }

  async jamJournalPrinterOnNextTicket(): Promise<void> {
    await this.integration.setPrinter('journal', { jamOnNextTicket: true })
  }

  /** A cashier's answer to the register's question: only where the rig has a scripted cashier at the register. */
  cashierWillAnswer(check: CashierCheck, yes: boolean | 'no answer'): void {
    this.rig.cashier.willAnswer(check, yes)
  }

  /**
   * The reference ECR's own objects, for the few steps that read what no port offers (journal receipts
   * read back by shift, a bill among several). Another integration makes the case not run, saying why.
   */
  referenceEcr(why: string): AttendedEcr {
    if ('ecr' in this.rig) return this.rig.ecr
    throw new CaseNotRun(`this step ${why}, which the driver contract does not offer; the integration under test is ${this.integration.description}`)
  }

  /** Whether the scenario's first sale is still open: the register's state while it is the only one. */
  firstSaleOpen(): boolean {
    const first = this.sales[0]
    if (!first) throw new Error('no sale was opened in this scenario')
    if (this.sales.length === 1) return this.seen.state.saleOpen
    if (first.bill) return first.bill.isOpen
    return this.referenceEcr('asks whether an earlier of several sales is still open').sale?.isOpen ?? false
  }

  // ---- actions

  /** Marks what existed at this moment; the reads start at once, so the in-process register is read right here. */
  async markTurningPoint(): Promise<void> {
    const log = this.rig.log.entries.length
    const [display, printouts] = await Promise.all([this.integration.display(), this.integration.printouts()])
    this.turningPoint = { log, display: display.length, printed: printouts.filter((p) => p.printer === 'receipt').length }
  }

  /** What the register showed before the turning point, first lines only. */
  shownBeforeTurningPoint(): string[][] {
    return this.seen.display.slice(0, this.turningPoint.display).filter((m) => m.source === 'register').map((m) => m.lines)
  }

  shownSinceTurningPoint(): string[][] {
    return this.seen.display.slice(this.turningPoint.display).map((m) => m.lines)
  }

  /** Requests the register sent from the turning point on, by type. */
  requestsSinceTurningPoint(): string[] {
    return this.rig.log.entries.slice(this.turningPoint.log).flatMap((e) => (e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' ? [e.message.requestType] : []))
  }

  paymentsBeforeTurningPoint(): number {
    return this.rig.log.entries.slice(0, this.turningPoint.log).filter((e) => e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' && e.message.requestType === 'CardPayment').length
  }

  printedSinceTurningPoint(): PrintedReceipt[] {
    return this.seen.receipts.slice(this.turningPoint.printed)
  }

  printedBeforeTurningPoint(): PrintedReceipt[] {
    return this.seen.receipts.slice(0, this.turningPoint.printed)
  }

  async openSale(total: Money): Promise<void> {
    await this.integration.openSale(total)
    this.noteSale(total)
  }

  /** Keeps the sale's total, and in process the reference ECR's bill object, which it has opened by now. */
  private noteSale(total: Money): void {
    this.sales.push({ total, bill: 'ecr' in this.rig ? this.rig.ecr.sale : undefined })
  }

  /** A Given's payment: taken, and any recovery it set off has run its course. */
  async takeEarlierPayment(amount: Money): Promise<PaymentOutcome> {
    const outcome = await this.rig.run(`the earlier payment of ${amount.minor / 100}`, async () => {
      const result = await this.newSalePaidByCard(amount)
      // The in-process register recovers in the background; a POS concludes a payment once it has settled it.
      if ('ecr' in this.rig) await this.rig.ecr.whenRecoveryEnds()
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
    await this.markTurningPoint()
    const { leftToPay } = await this.integration.state()
    if (!leftToPay) throw new Error('the register has no open sale to try again')
    this.lastPayment = await this.rig.run('the payment of the open sale', () => this.integration.payByCard(leftToPay, { part: true }))
  }

  async untilLinkIsBack(): Promise<void> {
    await this.rig.untilLinkIsBack()
  }

  async checkLastTransaction(): Promise<void> {
    await this.markTurningPoint()
    const outcome = await this.rig.run('checking the last transaction', () => this.integration.checkLastTransaction())
    if (outcome) this.lastPayment = outcome
  }

  async reprintLastTicket(): Promise<void> {
    await this.markTurningPoint()
    await this.rig.run('reprinting the last ticket', () => this.integration.reprintLastTicket())
  }

  /** H2A: the register dies once the terminal is authorising, and is switched on again later. */
  async payAndLosePower(amount: Money, offForMs: number): Promise<void> {
    // The dead register never learns how its call ended; its leftovers fail against a closed database.
    void this.newSalePaidByCard(amount).catch(() => undefined)
    await this.rig.run('the cardholder completing card and PIN', () => this.rig.untilTerminalAuthorises())
    this.lastPayment = await this.restartRegister(offForMs)
  }

  /** Power loss and start-up; resolves with what the register recovered on start-up. */
  async restartRegister(offForMs = 0): Promise<PaymentOutcome | undefined> {
    this.inFlightAtPowerLoss = 'inFlightOnDisk' in this.rig ? this.rig.inFlightOnDisk() : (await this.observe()).inFlight()
    let marked: Promise<void> = Promise.resolve()
    const restarting = () => this.integration.restart({ offForMs, onPowerBack: () => (marked = this.markTurningPoint()) })
    // The in-process rigs drive their own clock through the power cut; a POS restarts on the wall clock.
    let recovered: PaymentOutcome | undefined
    if (this.rig instanceof PosRig) {
      this.rig.mayWait(offForMs)
      recovered = await this.rig.run('the register restarting', restarting)
    } else recovered = await restarting()
    await marked
    return recovered
  }

  /** T1A: a payment and, straight after, the next sale's payment, as an impatient cashier would. */
  async payThenStartNext(first: Money, next: Money): Promise<void> {
    this.lastPayment = await this.rig.run('the first payment', () => this.newSalePaidByCard(first))
    await this.markTurningPoint()
    this.earlierPayments.push(this.lastPayment)
    this.lastPayment = await this.rig.run('the next payment', () => this.newSalePaidByCard(next))
  }

  /** U1E: one bill, several card payments; the issuer of a `declined` part refuses it. */
  async splitBill(total: Money, parts: { card: CardProfile; amount: Money; declined: boolean }[]): Promise<void> {
    await this.openSale(total)
    const bill = this.sales.at(-1)?.bill
    for (const part of parts) {
      this.cardholderWillPay(part.card, 'chip', 'correct')
      if (part.declined) this.rig.environment.issuerWillDeclineNext('51')
      const outcome = await this.rig.run(`the part of ${part.amount.minor / 100}`, () => this.integration.payByCard(part.amount, { part: true }))
      const seen = await this.observe()
      this.splitParts.push({ amount: part.amount, outcome, shown: seen.current, openAfter: seen.state.saleOpen })
    }
    this.lastPayment = this.splitParts.at(-1)?.outcome
    if (bill && 'ecr' in this.rig && bill !== this.rig.ecr.sale) throw new Error('the register replaced the bill during the split')
  }

  /** The shop closes; the next morning a new shift starts. */
  async startNextDayAndShift(): Promise<void> {
    await this.rig.wait(DAY_MS)
    const closed = await this.rig.run('closing the period', () => this.integration.closePeriod())
    if (!closed.succeeded) throw new Error(`the register could not close the period: ${closed.reason ?? 'no reason given'}`)
  }

  readJournalReceipts(shiftNumber: number): void {
    const journal = this.referenceEcr('reads the journal receipts back by shift and by day').journal
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
