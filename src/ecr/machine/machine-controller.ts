import { sleep, TimeoutError, withTimeout, type Clock, type TimerHandle } from '../../clock/clock'
import type { Endpoint } from '../../link/transport'
import type { ConversationLog } from '../../opi/conversation-log'
import type { CardServiceResponse, DeviceResult, ServiceRequestType, ServiceResponse } from '../../opi/messages'
import { describeMoney, money, type Money } from '../../opi/money'
import { DeviceRequestDispatcher } from '../device-request-dispatcher'
import { OpiClient, ResultUnknown, TerminalUnreachable, type OpiClientConfig } from '../opi-client'
import { outcomeOf } from '../payment-outcome'
import { CashierDisplay } from '../peripherals/cashier-display'
import { EmployeeDirectory, refusalReason, type Credentials } from '../employees'
import type { Journal, JournalEntry } from '../peripherals/journal'
import { InMemoryAccessLog, JournalAccess, type AccessLog } from '../peripherals/journal-access'
import { InMemoryCounters, type RegisterCounters } from '../register-counters'
import { ReceiptPrinter } from '../peripherals/printer'
import type { MeteredDeliveryPoint, VendingMechanism } from './delivery-points'
import { AcceptedCircuits } from './card-circuits'
import { DEFAULT_LIMIT_PROFILE, withinMaximum, type LimitProfile } from './limits'
import { DailyClosingSchedule, type ClosingScheduleConfig } from './closing-schedule'
import type { EReceiptChannel } from './e-receipts'
import { MAX_SHIFT, nextShift, PeriodClosing, type ClosingOutcome, type ClosingTrigger, type SqliteClosingReports } from './period-closing'
import { machinePhrase, type MachinePhrase } from './machine-texts'
import { ReceiptDesk, type ReceiptDeskConfig } from './receipt-desk'
import type { SqliteReceiptStore } from './receipt-store'
import type { PaymentCardPolicy, SubscriptionAccounts } from './subscription-cards'
import { MachinePanel, SelectionCancelled } from './machine-panel'
import { MachineRequests } from './machine-requests'
import type { Product, ProductCatalogue } from './product-catalogue'
import { sameCard, SessionLedger, type SessionRecord, type SessionState } from './sessions'
import { TerminalQueue } from './terminal-queue'
import { recoverLostAnswer } from './machine-recovery'
import { SessionPersistence } from './session-persistence'
import type { SessionStore, StoredSession } from './session-store'
import { backInServiceText, outOfOrderText, TerminalAvailability } from './terminal-availability'

export interface MachineControllerConfig extends Omit<OpiClientConfig, 'log' | 'clock'> {
  workstationId: string
  applicationSender?: string
  /** Languages offered on the screen; the first is the default. */
  languages: string[]
  /** What a metered session (charging, fuel) reserves before delivery. */
  reservation: Money
  /** How long the cardholder may take for each choice on the machine. */
  selectionTimeoutMs: number
  /** Wrong entries allowed before the machine gives up and returns to idle. */
  selectionTries: number
  /** After approval: how long the customer has to start (plug in, lift the nozzle). */
  startTimeoutMs: number
  /** The longest one delivery may run. */
  maxDeliveryTimeMs: number
  maxQuantity: number
  /** Longest a vend may take; shorter than the terminal's wait for the delivery box answer, so it is never left waiting. */
  maxVendTimeMs: number
  /** A terminal answering "not now" is asked again this often, this far apart. */
  retryDelayMs: number
  maxAttempts: number
  /** OPI-DE: log in on start and after every terminal restart (the terminal forgets the session). */
  loginRequired?: boolean
  /** Ask the terminal's status this often while in service; unset: only while out of order. */
  statusPollIntervalMs?: number
  /** While out of order, ask again this often until the terminal answers (default 30 s). */
  outOfOrderPollMs?: number
  /** While a device delivers, persist its meter this often (default 30 s): the most a power failure can lose. */
  meterPersistIntervalMs?: number
  /** The acquirer's limits; the unattended maximum is checked before the card prompt. */
  limits?: LimitProfile
  /** How this terminal reads a card without paying (dialect setting); undefined: it cannot. */
  cardIdentification?: 'CardValidation'
  /** A payment card held up where a subscription card was asked for: refused, or taken into the payment flow. */
  paymentCardPolicy?: PaymentCardPolicy
  /** How receipts are handled after the sale (with a receipt store among the dependencies). */
  receipts?: ReceiptDeskConfig
}

export interface MachineControllerDependencies {
  clock: Clock
  log?: ConversationLog
  /** The machine's journal: durable (SQLite) in every deployment, so it is never left out. */
  journal: Journal
  /** Chargers or pumps: metered sessions, reserved before and completed after delivery. */
  deliveryPoints?: readonly MeteredDeliveryPoint[]
  /** RequestIDs, shared with the attended register's mechanism: persist them so a restart never reuses an id. */
  counters?: RegisterCounters
  /** Or products at a fixed price: paid before, delivered while the terminal waits. */
  catalogue?: ProductCatalogue
  vending?: VendingMechanism
  /** Every session, written before each request and during delivery (the completion it owes among them): SQLite on a machine that must survive a power failure. */
  sessionStore: SessionStore
  /** Who may sign in at the machine's service menu, with their roles. */
  employees?: EmployeeDirectory
  /** Where attempts to read the journal are logged; the SQLite register store chains them with the journal. */
  accessLog?: AccessLog
  /** Receipts kept for later retrieval; without it the machine only prints. */
  receiptStore?: SqliteReceiptStore
  eReceipts?: EReceiptChannel
  /** Where closing reports are kept; without it the machine cannot close a period. */
  closingReports?: SqliteClosingReports
  /** Mifare subscription and fleet cards the machine knows, with their accounts. */
  subscriptions?: SubscriptionAccounts
}

/** The terminal cannot be used now (off, restarting, starting up, logged out): try again later. */
class TerminalNotReady extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'TerminalNotReady'
  }
}

const NOT_NOW: readonly string[] = ['Busy', 'DeviceUnavailable', 'Loggedout']

/** A session ended before delivery, with what the cardholder is told. */
class SessionEnded extends Error {
  constructor(readonly state: SessionState, readonly phrase: MachinePhrase, readonly reason: string, readonly more: string[] = []) {
    super(reason)
    this.name = 'SessionEnded'
  }
}

type Delivery = () => Promise<void>

/**
 * The reference machine controller of an unattended terminal (EV charger, fuel pump, vending
 * machine): what an integrator's machine must do to pass CCV's unattended cases. It guides the
 * cardholder, authorises before it delivers, delivers no more than was approved, and completes
 * exactly what was delivered; several sessions may deliver at once, sharing one terminal.
 */
export class MachineController {
  readonly display: CashierDisplay
  readonly panel: MachinePanel
  readonly printer: ReceiptPrinter
  readonly journal: Journal
  readonly sessions = new SessionLedger()
  /** What the terminal said it accepts (GetCardCircuits), asked after start-up and after the terminal was out of reach. */
  readonly circuits = new AcceptedCircuits()
  private readonly client: OpiClient
  private readonly queue: TerminalQueue
  private readonly stopRequests = new Map<string, (why: MachinePhrase) => void>()
  private panelTurn: Promise<void> = Promise.resolve()
  private readonly requests: MachineRequests
  private readonly sideTasks: Promise<void>[] = []
  private readonly config: MachineControllerConfig
  /** Card payment in or out of service, as the cardholder sees it. */
  readonly availability = new TerminalAvailability()
  /**
   * What the machine does once sessions left in flight are settled, before it serves anyone: fetch the
   * card circuits (GetCardCircuits); other start-up work is added here.
   */
  readonly afterRecovery: (() => Promise<void>)[] = [() => this.refreshCardCircuits()]
  readonly store: SessionStore
  private readonly persistence: SessionPersistence
  /** Sessions of this run whose request failed with the terminal away: the next recovery settles them. */
  private readonly parked = new Set<number>()
  private returning?: Promise<void>
  /** While a start-up or return to service runs, a failure inside it is its own to retry. */
  private bringingUp = false
  private readonly deliveries = new Set<Promise<void>>()
  private pollTimer?: TimerHandle
  private lastAnsweredAtMs = -Infinity
  private stopped = false
  private accessLog?: AccessLog
  private readonly counters: RegisterCounters
  private schedule?: DailyClosingSchedule
  /** What the operator must see about period closings (machine status, telemetry). */
  readonly notices: { atMs: number; what: string; reason?: string }[] = []
  /** Receipts after the sale: kept, retrieved, e-mailed, reprinted (when the machine keeps receipts). */
  readonly receiptDesk?: ReceiptDesk

  constructor(config: MachineControllerConfig, private readonly deps: MachineControllerDependencies) {
    this.config = { ...config }
    this.display = new CashierDisplay(deps.clock)
    this.panel = new MachinePanel(deps.clock, config.languages[0], config.languages)
    this.printer = new ReceiptPrinter('receipt printer', deps.clock)
    this.journal = deps.journal
    this.store = deps.sessionStore
    this.persistence = new SessionPersistence(this.store, deps.clock, config.meterPersistIntervalMs ?? 30_000)
    this.counters = deps.counters ?? new InMemoryCounters()
    this.requests = new MachineRequests(config, deps.clock, this.printer, this.journal, this.counters)
    const dispatcher = new DeviceRequestDispatcher({
      // No cashier: anything the terminal meant for one is shown to the cardholder as well.
      display: this.display, customerDisplay: this.display, printer: this.printer,
      journalPrinter: new ReceiptPrinter('journal printer', deps.clock), journal: this.journal,
      deliveryBox: { deliver: (requestId) => this.vendFor(requestId) },
    })
    this.client = new OpiClient({ ...config, clock: deps.clock, log: deps.log }, (request) => dispatcher.handle(request))
    this.queue = new TerminalQueue(this.client, deps.clock, { retryDelayMs: config.retryDelayMs, maxAttempts: config.maxAttempts })
    this.panel.onStop((deviceId) => this.stopRequests.get(deviceId)?.('stopped by cardholder'))
    this.panel.onStopWithCard(() => { this.sideTasks.push(this.stopByCard()) })
    if (deps.receiptStore && config.receipts) {
      this.receiptDesk = new ReceiptDesk(deps.receiptStore, deps.eReceipts, {
        clock: deps.clock, journal: this.journal, printer: this.printer, panel: this.panel, config: config.receipts, say: (language, phrase, ...more) => this.say(language, phrase, ...more),
      })
    }
    this.panel.onPay(() => { if (this.panel.prompt === 'idle') this.say(this.panel.language, 'choose first') })
  }

  /** Where the machine takes the terminal's device requests, once started. */
  get deviceEndpoint(): Endpoint | undefined {
    return this.client.deviceEndpoint
  }

  /**
   * Boots the machine: opens the device channel, then, out of order until done, asks the terminal's
   * status, logs in where the dialect wants it, settles every session a previous run left in flight and
   * runs the `afterRecovery` steps. A terminal that is still off is asked again every `outOfOrderPollMs`.
   */
  async start(): Promise<void> {
    await this.client.start()
    this.sessions.numberFrom(this.store.lastSessionId() + 1)
    this.availability.outOfOrder('starting up')
    // A start that must settle sessions or wait for the terminal tells the cardholder so.
    if (this.store.open().length > 0) this.showOutOfOrder(this.panel.language)
    for (;;) {
      try {
        await this.bringIntoService('after restart')
        break
      } catch (error) {
        if (!(error instanceof TerminalNotReady) && !(error instanceof ResultUnknown) && !(error instanceof TerminalUnreachable)) throw error
        if (this.display.current[0] !== outOfOrderText(this.panel.language)) this.showOutOfOrder(this.panel.language)
        await sleep(this.deps.clock, this.config.outOfOrderPollMs ?? 30_000)
      }
    }
    this.schedulePoll()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.pollTimer?.cancel()
    this.schedule?.stop()
    await this.client.stop()
  }

  /** Y2, battery backup: mains is gone; stop every delivery, complete what was delivered, then shut down. */
  async shutDownOnBattery(): Promise<void> {
    for (const stop of [...this.stopRequests.values()]) stop('thank you')
    await Promise.all([...this.deliveries])
    await this.quiet()
    await this.stop()
  }

  /** ServiceRequest GetCardCircuits; the brands shown on the machine are the ones the terminal returned. */
  async refreshCardCircuits(): Promise<void> {
    try {
      await this.circuits.refresh(() => this.queue.service(() => this.requests.service('GetCardCircuits')))
    } catch (error) {
      if (!(error instanceof ResultUnknown) && !(error instanceof TerminalUnreachable)) throw error
      this.circuits.markStale()
    }
    this.panel.showAcceptedCards(this.circuits.names())
  }

  /** The service menu's period closing (CCV M1): service staff only; a Failure leaves the period open for a retry. */
  async reconcile(credentials: Credentials): Promise<ClosingOutcome> {
    return this.serviceRefusal(credentials) ?? this.closePeriod('service staff')
  }

  /**
   * Service staff start a new shift (CCV M2): the current shift's period is closed first, and only a
   * closed period moves the machine to the new number; every later request carries it.
   */
  async startShift(shiftNumber: number, credentials: Credentials): Promise<ClosingOutcome> {
    const refused = this.serviceRefusal(credentials)
    if (refused) return refused
    if (!Number.isInteger(shiftNumber) || shiftNumber < 1 || shiftNumber > MAX_SHIFT || shiftNumber === this.counters.currentShift()) {
      this.say(this.config.languages[0], 'period not closed', `shift ${shiftNumber} is not a new shift number (1-${MAX_SHIFT})`)
      return { closed: false, reason: 'not a new shift number' }
    }
    const outcome = await this.closePeriod('new shift')
    if (outcome.closed) this.counters.startShift?.(shiftNumber)
    return outcome
  }

  /** The machine closes the period itself every day at the configured time, never during an open session (CCV M3). */
  scheduleDailyClosing(config: ClosingScheduleConfig): void {
    this.schedule?.stop()
    this.schedule = new DailyClosingSchedule(this.deps.clock, config, () => this.idle(), () => this.closePeriod('scheduled'), () => undefined)
    this.schedule.start()
  }

  get currentShift(): number {
    return this.counters.currentShift()
  }

  private serviceRefusal(credentials: Credentials): ClosingOutcome | undefined {
    const reason = refusalReason(this.deps.employees?.authenticate(credentials), 'service')
    if (!reason) return undefined
    this.say(this.panel.language, 'service only')
    return { closed: false, reason }
  }

  private async closePeriod(trigger: ClosingTrigger): Promise<ClosingOutcome> {
    if (!this.deps.closingReports) throw new Error('this machine keeps no closing reports (none configured)')
    const closing = new PeriodClosing((shift) => this.queue.service(() => this.requests.service('ReconciliationWithClosure', shift)), this.journal, this.deps.closingReports, this.deps.clock)
    const shift = this.counters.currentShift()
    const outcome = await closing.close(shift, trigger)
    const language = this.config.languages[0]
    // A closed period ends its shift (the NL firmware's way): later payments count in the next one.
    if (outcome.closed && trigger !== 'new shift') {
      if (this.counters.startShift) this.counters.startShift(nextShift(shift))
      else this.counters.closeShift()
    }
    if (outcome.closed) {
      this.say(language, 'period closed', `shift ${outcome.report.shiftNumber}`, ...outcome.report.terminalTotals.map((t) => `${t.cardCircuit} ${t.count}x ${describeMoney(t.amount)}`))
    } else {
      this.notices.push({ atMs: this.deps.clock.now(), what: 'period closing failed', reason: outcome.reason })
      this.say(language, 'period not closed', outcome.reason)
    }
    return outcome
  }

  private idle(): boolean {
    return !this.queue.busy && !this.sessions.all().some((s) => s.state === 'selecting' || s.state === 'authorising' || s.state === 'delivering' || s.state === 'completing')
  }

  /**
   * One cardholder from first touch to the end of the session. The screen is theirs until the
   * authorisation ends; delivery and completion then run while the next cardholder may start.
   */
  async serveCustomer(): Promise<SessionRecord> {
    let session!: SessionRecord
    const delivery = await this.withPanel(async () => {
      session = this.sessions.open(this.panel.language, this.deps.clock.now())
      if (!this.availability.inService) {
        // No new session while the terminal cannot be used: nothing is asked of it, nothing reserved.
        this.showOutOfOrder(session.language)
        this.end(session, 'refused', `card payment out of order: ${this.availability.state.inService ? '' : this.availability.state.reason}`)
        this.panel.reset()
        return undefined
      }
      this.receiptDesk?.newCardholder()
      try {
        return await (this.deps.deliveryPoints ? this.reserveDevice(session) : this.sellProduct(session))
      } catch (error) {
        if (!(error instanceof SessionEnded) && !(error instanceof SelectionCancelled) && !(error instanceof TimeoutError)) throw error
        const ended = error instanceof SessionEnded ? error
          : error instanceof SelectionCancelled ? new SessionEnded('cancelled', 'cancelled', error.message)
            : new SessionEnded('timed out', 'time-out', error.message)
        this.end(session, ended.state, ended.reason)
        this.say(session.language, ended.phrase, ...ended.more)
        this.receiptDesk?.afterUnpaid(session)
        // What happened to this session first, then what every next cardholder must know.
        if (!this.availability.inService) this.showOutOfOrder(session.language)
        return undefined
      } finally {
        this.panel.reset()
      }
    })
    if (delivery) {
      const running = delivery()
      this.deliveries.add(running)
      await running.finally(() => this.deliveries.delete(running))
    }
    return session
  }

  /** The operator changes settings (limits, timeouts) between sessions. */
  configure(changes: Partial<Pick<MachineControllerConfig, 'reservation' | 'selectionTimeoutMs' | 'startTimeoutMs' | 'maxDeliveryTimeMs' | 'selectionTries' | 'limits' | 'paymentCardPolicy'>>): void {
    Object.assign(this.config, changes)
  }

  /** The operator sets how the machine watches its terminal; takes effect from the next poll. */
  watchTerminal(changes: Partial<Pick<MachineControllerConfig, 'statusPollIntervalMs' | 'outOfOrderPollMs' | 'meterPersistIntervalMs'>>): void {
    Object.assign(this.config, changes)
    if (changes.statusPollIntervalMs !== undefined && !this.pollTimer && this.availability.inService) this.schedulePoll()
  }

  /**
   * Simulation only: the machine's power is gone. A dead process does nothing more: no poll, no
   * recovery, no write to its store; in the rig its object is dropped and a new one built from the store.
   */
  powerLost(): void {
    this.stopped = true
    this.pollTimer?.cancel()
    this.persistence.halt()
  }

  /**
   * The operator or back office stops the session on a device (abort by the machine): during delivery
   * the device is locked and what it delivered completed; while the terminal still reads the card, one
   * AbortRequest goes to the terminal, beside the running request rather than behind it in the queue.
   */
  stopSession(deviceId: string): void {
    const stopDelivery = this.stopRequests.get(deviceId)
    if (stopDelivery) return stopDelivery('stopped by operator')
    const session = this.sessions.onDevice(deviceId)
    if (session?.state !== 'authorising' || session.abortRequested) return
    session.abortRequested = true
    // The running request's own answer says how it ended; the abort's answer only says whether it was taken.
    this.sideTasks.push(this.client.request(this.requests.abort()).then(() => undefined, () => undefined))
  }

  /** The service menu's journal: only for a signed-in employee with the journal role; every attempt is logged. */
  openJournal(credentials: Credentials): JournalEntry[] {
    this.accessLog ??= this.deps.accessLog ?? new InMemoryAccessLog()
    return new JournalAccess(this.journal, this.accessLog, this.deps.employees ?? new EmployeeDirectory(), this.deps.clock).open(credentials)
  }

  /**
   * A cardholder with a Mifare subscription or fleet card (CCV I1-I4): the terminal reads the card
   * without paying; a registered UID gets the product booked to its account, an unknown one is refused,
   * a payment card is never looked up as a subscription: refused, or taken into the normal payment.
   */
  async serveSubscriptionCard(): Promise<SessionRecord> {
    let session!: SessionRecord
    await this.withPanel(async () => {
      session = this.sessions.open(this.panel.language, this.deps.clock.now())
      try {
        await this.useSubscriptionCard(session)
      } catch (error) {
        if (!(error instanceof SessionEnded) && !(error instanceof SelectionCancelled) && !(error instanceof TimeoutError)) throw error
        const ended = error instanceof SessionEnded ? error : new SessionEnded('cancelled', 'cancelled', (error).message)
        this.end(session, ended.state, ended.reason)
        this.say(session.language, ended.phrase, ...ended.more)
      } finally {
        this.panel.reset()
      }
    })
    return session
  }

  private async useSubscriptionCard(session: SessionRecord): Promise<void> {
    const accounts = this.deps.subscriptions
    const catalogue = this.deps.catalogue
    if (!accounts || !catalogue || !this.deps.vending) throw new Error('this machine takes no subscription cards (no register, catalogue or vending mechanism)')
    this.say(session.language, 'present subscription card')
    const read = await this.identifyCard(session.language)
    if (!read) throw new SessionEnded('timed out', 'time-out', 'no card was presented')
    const uid = read.privateData?.mifareUid
    if (!uid) {
      if (this.config.paymentCardPolicy !== 'route to payment') throw new SessionEnded('refused', 'not a subscription card', 'a payment card was presented for a subscription')
      await this.sellProduct(session)
      return
    }
    const account = accounts.accountOf(uid)
    if (!account) throw new SessionEnded('refused', 'card not recognised', 'the card is not registered')
    session.subscription = { uid, account }
    this.say(session.language, 'card accepted', account)
    const { product, quantity, amount } = await this.chooseWithinMaximum(session, catalogue)
    session.product = { code: product.code, name: product.name, quantity, unitPrice: product.price }
    session.requested = amount
    const delivered = await withTimeout(this.deps.clock, this.deps.vending.vend(product.code, quantity), this.config.maxVendTimeMs, 'the vend').catch(() => false)
    session.delivered = delivered ? amount : money(0, amount.currency)
    if (delivered) accounts.book({ account, uid, amount, what: `${quantity} x ${product.name}`, atMs: this.deps.clock.now() })
    this.end(session, delivered ? 'completed' : 'not delivered', delivered ? 'booked to the subscription' : 'the goods could not be delivered')
    this.say(session.language, delivered ? 'thank you' : 'nothing charged')
  }

  /**
   * "My receipt" with the card: the terminal reads the card without paying (dialect
   * `cardIdentification`) and the machine gives the latest receipt of that card's token, nothing else.
   */
  retrieveReceiptByCard(): Promise<void> {
    return this.withPanel(async () => {
      const desk = this.desk()
      const language = this.panel.language
      this.say(language, 'present card for receipt')
      try {
        const read = await this.identifyCard(language)
        desk.giveByCard(read?.privateData?.cardToken, language)
      } finally {
        this.panel.reset()
      }
    })
  }

  /** "My receipt" with the tracking token from the slip or the QR code. */
  retrieveReceiptByCode(): Promise<void> {
    return this.withReceiptCode((code, language) => this.desk().giveByTrackingToken(code, language))
  }

  /** The cardholder deletes their receipt code: it finds nothing from now on. */
  deleteReceiptCode(): Promise<void> {
    return this.withReceiptCode((code, language) => this.desk().deleteTrackingToken(code, language))
  }

  /** Asks for a receipt code (scanned or typed); nothing happens if none comes. */
  private withReceiptCode(use: (code: string, language: string) => void): Promise<void> {
    return this.withPanel(async () => {
      const language = this.panel.language
      this.say(language, 'enter receipt code')
      const code = await this.panel.ask('receipt code', this.config.selectionTimeoutMs).catch(() => undefined)
      this.panel.reset()
      if (code !== undefined) use(code, language)
    })
  }

  /** Reprint, pressed on the end screen: a marked copy of this cardholder's ticket, never the previous one's. */
  reprintReceipt(): void {
    this.desk().reprint(this.panel.language)
  }

  private desk(): ReceiptDesk {
    if (!this.receiptDesk) throw new Error('this machine keeps no receipts (no receipt store configured)')
    return this.receiptDesk
  }

  /** Reads a card without a payment; undefined when the terminal cannot or the card did not come. */
  private async identifyCard(language: string): Promise<CardServiceResponse | undefined> {
    if (!this.config.cardIdentification) return undefined
    this.panel.show('follow the terminal')
    try {
      const response = await this.queue.send(() => this.requests.identify(this.config.cardIdentification!, language))
      return response.overallResult === 'Success' ? response : undefined
    } catch (error) {
      if (!(error instanceof ResultUnknown) && !(error instanceof TerminalUnreachable)) throw error
      return undefined
    }
  }

  /** Resolves when every "stop with card" check started so far has ended. */
  async quiet(): Promise<void> {
    await Promise.all(this.sideTasks)
    await this.returning
  }

  /**
   * "Stop with card": the card is read by a reservation of the usual amount (OPI-NL has no public
   * card-read request), released at once with a 0.00 completion. The card stops the session it paid
   * for, recognised by scheme and masked number, never by its full number; any other card stops nothing.
   */
  private stopByCard(): Promise<void> {
    return this.withPanel(async () => {
      const language = this.panel.language
      try {
        this.say(language, 'present card to stop')
        this.panel.show('follow the terminal')
        const response = await this.queue.send(() => this.requests.card('CardPreAuthorisation', this.config.reservation, language), this.requests.journaled(undefined, 'authorisation'))
        if (response.overallResult !== 'Success') {
          this.say(language, 'cancelled')
          return
        }
        const auth = response.tender?.authorisation
        const original = { stan: response.terminal?.stan, approvalCode: auth?.approvalCode }
        const release = this.queue.send(() => this.requests.card('CardFinancialAdvice', money(0, this.config.reservation.currency), language, original), this.requests.journaled(undefined, 'completion'))
        const presentedAgain = { cardToken: response.privateData?.cardToken, cardCircuit: auth?.cardCircuit, maskedPan: auth?.cardPan }
        const session = this.sessions.all().find((s) => s.state === 'delivering' && s.authorisation !== undefined && sameCard(s.authorisation, presentedAgain))
        if (session?.device) this.stopRequests.get(session.device)?.('stopped by cardholder')
        else this.say(language, 'no session for card')
        await release
      } catch (error) {
        if (!(error instanceof ResultUnknown) && !(error instanceof TerminalUnreachable)) throw error
        this.say(language, 'result unknown')
      } finally {
        this.panel.show('idle')
      }
    })
  }

  // ---- metered sessions: reserve, deliver, complete what was delivered

  private async reserveDevice(session: SessionRecord): Promise<Delivery | undefined> {
    const points = this.deps.deliveryPoints!
    if (!points.some((p) => p.inService && !this.sessions.onDevice(p.id))) throw new SessionEnded('refused', 'no free device', 'all devices are busy or out of service')
    const point = await this.choose<MeteredDeliveryPoint>(session, 'choose device', (entry) => {
      const found = points.find((p) => p.id === entry.trim())
      if (!found) return { refusal: 'invalid device' }
      return found.inService && !this.sessions.onDevice(found.id) ? { value: found } : { refusal: 'device not available' }
    })
    session.device = point.id
    session.requested = this.config.reservation
    // The amount to be reserved is on the screen before the terminal asks for the card (CCV C7).
    this.say(session.language, 'reserve', describeMoney(this.config.reservation), machinePhrase(session.language, 'only pay use'))
    const response = await this.authorise(session, 'CardPreAuthorisation', this.config.reservation)
    session.approved = response.tender?.totalAmount ?? this.config.reservation
    this.persistence.save(session)
    if (session.approved.minor < this.config.reservation.minor) this.say(session.language, 'available funds', describeMoney(session.approved))
    return () => this.deliverMetered(session, point)
  }

  private async deliverMetered(session: SessionRecord, point: MeteredDeliveryPoint): Promise<void> {
    const clock = this.deps.clock
    session.state = 'delivering'
    this.persistence.save(session)
    const stopWatching = this.persistence.watchMeter(session, point)
    let finish!: (why: MachinePhrase) => void
    const ended = new Promise<MachinePhrase>((resolve) => { finish = resolve })
    let maxTime: TimerHandle | undefined
    const startTime = clock.setTimer(this.config.startTimeoutMs, () => finish('not started in time'))
    this.stopRequests.set(point.id, (why) => finish(why))
    // The preset is the APPROVED amount: with partial approval that is less than was asked for.
    point.release(session.approved!, {
      started: () => {
        startTime.cancel()
        maxTime = clock.setTimer(this.config.maxDeliveryTimeMs, () => finish('max time reached'))
        this.say(session.language, 'delivering', `${point.kind} ${point.id}`)
      },
      ended: (_, why) => finish(why === 'preset reached' ? 'limit reached' : 'thank you'),
    })
    this.say(session.language, 'start delivery', `${point.kind} ${point.id}`, describeMoney(session.approved!))
    const why = await ended
    startTime.cancel()
    maxTime?.cancel()
    this.stopRequests.delete(point.id)
    stopWatching()
    session.delivered = point.lock()
    session.endReason = why
    if (why === 'limit reached') this.say(session.language, 'limit reached', machinePhrase(session.language, 'new transaction'))
    else this.say(session.language, why)
    await this.complete(session, session.delivered)
  }

  /** CardFinancialAdvice for exactly what was delivered; 0.00 releases the whole reservation. */
  private async complete(session: SessionRecord, amount: Money): Promise<void> {
    session.state = 'completing'
    session.completionPostponed = this.queue.busy
    // Stored before it is sent: a restart or a lost answer must not lose what the cardholder owes.
    this.persistence.owes(session, amount)
    let response: CardServiceResponse
    try {
      response = await this.sendCompletion(session, amount)
    } catch (error) {
      if (!(error instanceof ResultUnknown) && !(error instanceof TerminalUnreachable)) throw error
      if (error instanceof ResultUnknown) this.requests.unknown(session.completionRequestIds.at(-1), error.message)
      // Still owed and on disk: sent (or its fate learnt) as soon as the terminal is back.
      return this.park(session, `completion: ${error.message}`)
    }
    if (NOT_NOW.includes(response.overallResult)) return this.park(session, `completion answered ${response.overallResult}`)
    if (response.overallResult !== 'Success') {
      this.end(session, 'result unknown', `completion refused: ${response.privateData?.errorText ?? response.overallResult}`)
      this.say(session.language, 'result unknown')
      return
    }
    session.completed = amount
    this.end(session, 'completed', session.endReason ?? 'delivered')
    this.say(session.language, amount.minor > 0 ? 'paid' : 'nothing charged', ...(amount.minor > 0 ? [describeMoney(amount)] : []))
    this.printSlip(session)
    if (amount.minor > 0) await this.receiptDesk?.afterPaid(session, false)
  }

  /** The completion names the reservation it settles by its STAN and approval code. */
  private sendCompletion(session: SessionRecord, amount: Money): Promise<CardServiceResponse> {
    const { stan, approvalCode } = session.authorisation!
    const language = session.language
    return this.queue.send(() => this.requests.card('CardFinancialAdvice', amount, language, { stan, approvalCode }), this.persistence.observe(session, this.requests.journaled(session, 'completion')))
  }

  // ---- out of order, back in service, and the sessions a failure left open

  /** A session whose request could not reach the terminal waits, on disk, for the terminal to come back. */
  private park(session: SessionRecord, why: string): void {
    this.parked.add(session.id)
    session.endReason ??= why
    this.goOutOfOrder(why)
  }

  private goOutOfOrder(why: string): void {
    if (this.stopped) return
    if (this.availability.inService) {
      this.availability.outOfOrder(why)
      this.showOutOfOrder(this.panel.language)
    }
    if (!this.bringingUp) this.returning ??= this.returnToService().finally(() => { this.returning = undefined })
  }

  /** Asks again every `outOfOrderPollMs`, one request at a time (no reconnect storm), until the terminal is back. */
  private async returnToService(): Promise<void> {
    while (!this.stopped) {
      await sleep(this.deps.clock, this.config.outOfOrderPollMs ?? 30_000)
      if (this.stopped) return
      try {
        await this.bringIntoService('after reconnect')
        return
      } catch (error) {
        if (!(error instanceof TerminalNotReady) && !(error instanceof ResultUnknown) && !(error instanceof TerminalUnreachable)) throw error
      }
    }
  }

  /** Status, Login where required, every open session settled, the after-recovery steps; then in service. */
  private async bringIntoService(how: 'after restart' | 'after reconnect'): Promise<void> {
    this.bringingUp = true
    try {
      await this.ask('GetStatus')
      if (this.config.loginRequired) await this.ask('Login')
      await this.recoverOpenSessions(how)
      for (const step of this.afterRecovery) await step()
    } finally {
      this.bringingUp = false
    }
    this.availability.backInService()
    if (this.display.current[0] === outOfOrderText(this.panel.language)) this.display.show([backInServiceText(this.panel.language)], 'register')
  }

  private async ask(requestType: ServiceRequestType): Promise<ServiceResponse> {
    const response = await this.queue.service(() => this.requests.service(requestType))
    if (response.overallResult !== 'Success') throw new TerminalNotReady(`${requestType} answered ${response.overallResult}`)
    this.lastAnsweredAtMs = this.deps.clock.now()
    return response
  }

  /** In service: ask the terminal's status every `statusPollIntervalMs`; an unanswered poll puts the machine out of order. */
  private schedulePoll(): void {
    const every = this.config.statusPollIntervalMs
    if (every === undefined || this.stopped) return
    this.pollTimer = this.deps.clock.setTimer(every, () => {
      if (this.stopped) return
      // Out of order, the return to service asks; a terminal that has just answered need not be asked again.
      if (!this.availability.inService || this.deps.clock.now() - this.lastAnsweredAtMs < every) return this.schedulePoll()
      void this.ask('GetStatus').then(() => undefined, (error: unknown) => this.goOutOfOrder(`status poll: ${(error as Error).message}`))
        .finally(() => this.schedulePoll())
    })
  }

  private showOutOfOrder(language: string): void {
    this.display.show([outOfOrderText(language)], 'register')
  }

  /**
   * Every session the store holds as open that no live part of this run is handling: after a restart
   * all of them, after a reconnect the parked ones. The request whose answer was lost is asked about
   * (RepeatLastMessage, OriginalHeader checked, TicketReprint when a ticket is owed), never sent again;
   * then each is completed for its owed or last persisted metered amount, or released at 0.00.
   */
  private async recoverOpenSessions(how: 'after restart' | 'after reconnect'): Promise<void> {
    const open = this.store.open().filter((stored) => !this.sessions.byId(stored.id) || this.parked.has(stored.id))
    for (const stored of open) {
      const session = this.sessions.byId(stored.id) ?? this.sessions.restore(restoredSession(stored))
      session.recovered ??= how
      this.parked.delete(session.id)
      try {
        await this.settleRecovered(session, stored)
      } catch (error) {
        this.parked.add(session.id)
        throw error
      }
      if (this.parked.has(session.id)) throw new TerminalNotReady(`session ${session.id} could not be settled yet: ${session.endReason ?? ''}`)
    }
  }

  private async settleRecovered(session: SessionRecord, stored: StoredSession): Promise<void> {
    const lostId = stored.awaitingRequestId
    if (lostId) {
      const lost = await recoverLostAnswer({ clock: this.deps.clock, ask: (type) => this.queue.send(() => this.requests.recovery(type)) }, lostId,
        { attempts: this.config.maxAttempts, pauseMs: this.config.retryDelayMs })
      if (lost.kind === 'no answer') throw new TerminalNotReady(`the lost answer to #${lostId}: ${lost.why}`)
      this.persistence.answeredElsewhere(session)
      const repeated = lost.kind === 'answered' ? lost.response : undefined
      const amount = stored.authRequestType === 'CardPayment' ? stored.requested : stored.completionOwed ?? stored.approved
      if (repeated) this.requests.recovered(lostId, repeated, amount)
      else this.requests.neverRan(lostId)
      if (lostId === stored.authRequestId) return this.settleLostAuthorisation(session, repeated)
      if (repeated?.overallResult === 'Success') {
        session.completed = stored.completionOwed
        this.end(session, 'completed', session.endReason ?? 'delivered')
        return
      }
    }
    const amount = stored.completionOwed ?? stored.metered
    session.delivered ??= amount
    await this.complete(session, amount)
  }

  /** The reservation's answer was lost: nothing was delivered on it, so an approved one is released at 0.00. */
  private async settleLostAuthorisation(session: SessionRecord, repeated: CardServiceResponse | undefined): Promise<void> {
    const approved = repeated?.overallResult === 'Success'
    if (!approved || session.authorisation?.requestType !== 'CardPreAuthorisation') {
      this.end(session, approved ? 'completed' : 'refused', approved ? 'paid; the answer was recovered' : `nothing reserved: ${repeated ? repeated.overallResult : 'the terminal never ran it'}`)
      return
    }
    Object.assign(session.authorisation, { stan: repeated.terminal?.stan, approvalCode: repeated.tender?.authorisation?.approvalCode })
    session.approved = repeated.tender?.totalAmount
    session.delivered = money(0, session.approved?.currency)
    session.endReason = 'the answer to the reservation was lost; nothing was delivered'
    await this.complete(session, session.delivered)
  }

  // ---- fixed-price products: pay, deliver while the terminal waits (DeliveryBox)

  private async sellProduct(session: SessionRecord): Promise<Delivery | undefined> {
    const catalogue = this.deps.catalogue
    if (!catalogue) throw new Error('the machine has neither delivery points nor a product catalogue')
    const { product, quantity, amount } = await this.chooseWithinMaximum(session, catalogue)
    session.product = { code: product.code, name: product.name, quantity, unitPrice: product.price }
    session.requested = amount
    this.receiptDesk?.beforePayment(session.language)
    this.say(session.language, 'confirm', `${quantity} x ${product.name}`, describeMoney(amount))
    const confirmed = await this.panel.ask('confirm', this.config.selectionTimeoutMs)
    if (confirmed !== 'yes') throw new SessionEnded('cancelled', 'cancelled', 'the cardholder did not confirm')
    const response = await this.authorise(session, 'CardPayment', amount).catch((error: unknown) => {
      // The machine told the terminal it could not deliver; the terminal took the payment back.
      if (error instanceof SessionEnded && session.delivered?.minor === 0) throw new SessionEnded('not delivered', 'nothing charged', 'the goods could not be delivered')
      throw error
    })
    session.approved = response.tender?.totalAmount ?? amount
    session.completed = session.approved
    this.end(session, 'completed', 'delivered')
    this.say(session.language, 'paid', describeMoney(session.completed))
    this.printSlip(session)
    await this.receiptDesk?.afterPaid(session, true)
    return undefined
  }

  /**
   * Product and quantity, chosen again while their total is above the unattended maximum: the machine
   * refuses it before any card is asked for, naming the maximum (CCV G4/H4).
   */
  private async chooseWithinMaximum(session: SessionRecord, catalogue: ProductCatalogue): Promise<{ product: Product; quantity: number; amount: Money }> {
    const limits = this.config.limits ?? DEFAULT_LIMIT_PROFILE
    const maximum = limits.unattendedMaximum
    for (let attempt = 1; ; attempt++) {
      const product = await this.choose<Product>(session, 'choose product', (entry) => {
        const choice = catalogue.choose(entry)
        return 'product' in choice ? { value: choice.product } : { refusal: choice.refusal }
      }, catalogue.offered().map((p) => `${p.code} ${p.name} ${describeMoney(p.price)}`))
      const quantity = await this.choose<number>(session, 'choose quantity', (entry) => {
        const n = Number(entry)
        return Number.isInteger(n) && n >= 1 && n <= this.config.maxQuantity ? { value: n } : { refusal: 'invalid quantity' }
      })
      const amount = money(product.price.minor * quantity, product.price.currency)
      if (withinMaximum(limits, amount)) return { product, quantity, amount }
      session.requested = amount
      this.say(session.language, 'over maximum', describeMoney(maximum))
      if (attempt >= this.config.selectionTries) throw new SessionEnded('refused', 'over maximum', `${describeMoney(amount)} is above the maximum of ${describeMoney(maximum)}`)
    }
  }

  /** The terminal's DeliveryBox: drop the goods of the payment it names, say whether that worked. */
  private async vendFor(requestId: string | undefined): Promise<DeviceResult> {
    const session = this.sessions.byRequest(requestId)
    if (!session?.product || !this.deps.vending) return 'Failure'
    const vending = this.deps.vending.vend(session.product.code, session.product.quantity)
    // A vend that hangs is answered "not delivered" in time: the terminal then reverses the payment.
    const delivered = await withTimeout(this.deps.clock, vending, this.config.maxVendTimeMs, 'the vend').catch(() => false)
    session.delivered = delivered ? session.requested : money(0)
    return delivered ? 'Success' : 'Failure'
  }

  // ---- shared

  /** Asks until the entry is valid, the tries run out, the cardholder cancels or walks away. */
  private async choose<T>(session: SessionRecord, prompt: 'choose device' | 'choose product' | 'choose quantity', check: (entry: string) => { value: T } | { refusal: MachinePhrase }, offer: string[] = []): Promise<T> {
    this.say(session.language, prompt, ...offer)
    for (let attempt = 1; ; attempt++) {
      // The language flag counts even when the entry is Cancel: the cardholder reads "cancelled" in it.
      const entry = await this.panel.ask(prompt, this.config.selectionTimeoutMs).finally(() => { session.language = this.panel.language })
      const result = check(entry)
      if ('value' in result) return result.value
      if (attempt >= this.config.selectionTries) throw new SessionEnded('refused', result.refusal, `${result.refusal}: "${entry}"`)
      this.say(session.language, result.refusal)
    }
  }

  /** Sends the pre-authorisation or payment; anything but approval ends the session, with nothing to deliver. */
  private async authorise(session: SessionRecord, requestType: 'CardPreAuthorisation' | 'CardPayment', amount: Money): Promise<CardServiceResponse> {
    session.state = 'authorising'
    if (this.circuits.needsRefresh) await this.refreshCardCircuits()
    this.panel.show('follow the terminal')
    let response: CardServiceResponse
    try {
      response = await this.queue.send(() => this.requests.card(requestType, amount, session.language), this.persistence.observe(session, this.requests.journaled(session, 'authorisation')))
    } catch (error) {
      if (error instanceof ResultUnknown) {
        this.requests.unknown(session.authorisation?.requestId, error.message)
        this.park(session, error.message)
        throw new SessionEnded('result unknown', 'result unknown', error.message)
      }
      if (error instanceof TerminalUnreachable) {
        this.goOutOfOrder(error.message)
        this.persistence.answeredElsewhere(session)
        this.circuits.markStale()
        throw new SessionEnded('refused', 'nothing charged', error.message)
      }
      throw error
    }
    if (NOT_NOW.includes(response.overallResult)) {
      this.goOutOfOrder(`${requestType} answered ${response.overallResult}`)
      throw new SessionEnded('refused', 'nothing charged', `the terminal answered ${response.overallResult}`)
    }
    const outcome = outcomeOf(response, amount)
    if (outcome.status === 'approved') {
      const auth = session.authorisation!
      Object.assign(auth, { stan: response.terminal?.stan, approvalCode: outcome.approvalCode, maskedPan: outcome.maskedPan, cardCircuit: outcome.cardCircuit, cardToken: response.privateData?.cardToken })
      return response
    }
    if (outcome.status === 'aborted' && session.abortRequested) throw new SessionEnded('cancelled', 'stopped by operator', 'the operator stopped the session')
    if (outcome.status === 'aborted') throw new SessionEnded('cancelled', 'cancelled', 'the cardholder stopped at the terminal')
    if (outcome.status === 'timed out') throw new SessionEnded('timed out', 'time-out', 'the terminal timed out')
    if (this.circuits.refuses(outcome.cardCircuit)) throw new SessionEnded('refused', 'card not accepted', `${outcome.cardCircuit ?? '?'} is not a circuit the terminal accepts`, this.circuits.names())
    throw new SessionEnded('declined', 'declined', outcome.reason ?? outcome.status)
  }

  /** The machine's own slip: what was taken where, beside the terminal's card ticket. */
  private printSlip(session: SessionRecord): void {
    const what = session.product ? `${session.product.quantity} x ${session.product.name} (${session.product.code})` : `device ${session.device ?? '?'}`
    this.printer.print([`Session ${session.id}`, what, `Total ${describeMoney(session.completed ?? money(0))}`], session.authorisation?.requestId)
  }

  private say(language: string, phrase: MachinePhrase, ...more: string[]): void {
    this.display.show([machinePhrase(language, phrase), ...more], 'register')
  }

  private end(session: SessionRecord, state: SessionState, reason: string): void {
    session.state = state
    session.endReason ??= reason
    session.endedAtMs = this.deps.clock.now()
    if (!this.parked.has(session.id)) this.persistence.save(session)
    void this.schedule?.sessionEnded()
  }

  /** One cardholder at the screen at a time; the next waits until the previous one's authorisation ended. */
  private async withPanel<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.panelTurn
    let release!: () => void
    this.panelTurn = new Promise<void>((resolve) => { release = resolve })
    await previous
    try {
      return await work()
    } finally {
      release()
    }
  }
}

/** A session of a previous run, as far as its stored record tells: enough to settle it and to account for it. */
function restoredSession(stored: StoredSession): SessionRecord {
  return {
    id: stored.id, language: stored.language, state: stored.state === 'settled' ? 'completed' : stored.state, startedAtMs: stored.startedAtMs,
    device: stored.device, requested: stored.requested, approved: stored.approved,
    authorisation: stored.authRequestId ? { requestId: stored.authRequestId, requestType: stored.authRequestType ?? 'CardPreAuthorisation', stan: stored.stan, approvalCode: stored.approvalCode } : undefined,
    completionRequestIds: stored.completionRequestId ? [stored.completionRequestId] : [],
  }
}
