import type { Credentials } from '../src/ecr/employees'
import type { MachineCustomerPlan } from '../src/ecr/machine/scripted-customer'
import type { JournalEntry } from '../src/ecr/peripherals/journal'
import { JournalAccessRefused } from '../src/ecr/peripherals/journal-access'
import type { DeviceUse } from '../src/ecr/machine/simulated-devices'
import type { Product } from '../src/ecr/machine/product-catalogue'
import type { SessionRecord } from '../src/ecr/machine/sessions'
import type { StoredSession } from '../src/ecr/machine/session-store'
import { money, type Money } from '../src/opi/money'
import { cardProfile, type CardEntry, type CardProfile } from '../src/terminal/cards'
import { sleep } from '../src/clock/clock'
import type { RigParameters } from './rig-parameters'
import type { SoakFigures } from './unattended-soak'
import type { MachineProcessBench, PowerFailureOutcome } from './unattended-machine-process'
import { HUMAN_REACTION_MS, UnattendedRig } from './unattended-rig'

/** What one cardholder will do, at the machine's screen and at the terminal. */
export interface CardholderAtMachine {
  entries: string[]
  /** Minutes after the scenario starts that this cardholder walks up to the machine. */
  arrivesAfterMinutes?: number
  language?: string
  card?: { card: CardProfile; entry: CardEntry; pin: 'correct' | 'wrong' | 'none'; stopAtPin?: boolean; reactionMs?: number }
}

const MINUTE = 60_000

export interface JournalAttempt {
  user: string
  atMs: number
  entries?: JournalEntry[]
  refusal?: { reason: string }
}

/**
 * One unattended scenario: the rig and what the scenario has done with it, in the language of
 * drivers, chargers, products and money. The wire stays in here, in observations and in the report.
 */
export class UnattendedScenario {
  readonly cardholders: CardholderAtMachine[] = []
  readonly sessions: SessionRecord[] = []
  /** When the environment acted during delivery (Stop pressed, operator stop). */
  readonly events: { what: string; atMs: number }[] = []
  /** The machine's open sessions as its database held them the moment the power went (read by a fresh reader). */
  diskAtPowerFailure?: StoredSession[]
  /** What the machine's screen had shown (its own texts) when it was switched off: the new machine's screen starts blank. */
  shownBeforeRestart?: string[]
  /** The machine as its own operating-system process, for the real power failure (SIGKILL). */
  processBench?: MachineProcessBench
  processOutcome?: PowerFailureOutcome
  /** The soak's figures (O6), once it has run. */
  soak?: SoakFigures

  /** People who tried to open the machine's journal: what they saw, or why they were refused. */
  readonly journalAttempts: JournalAttempt[] = []
  /** What the storage answered to direct attempts to change it. */
  refusals: string[] = []

  private atTerminal?: CardholderAtMachine

  private constructor(readonly rig: UnattendedRig) {
    // The cardholder who gives up at the PIN prompt presses Stop after a human pause.
    rig.terminal.face.onScreen((screen) => {
      if (screen.prompt === 'enter PIN' && this.atTerminal?.card?.stopAtPin) rig.clock.setTimer(HUMAN_REACTION_MS, () => rig.terminal.face.pressStop())
    })
  }

  static async create(parameters: RigParameters): Promise<UnattendedScenario> {
    return new UnattendedScenario(await UnattendedRig.create(parameters))
  }

  openStation(kind: 'charger' | 'pump', count: number): Promise<void> {
    return this.rig.openStation(kind, count)
  }

  openVendingMachine(products: Product[]): Promise<void> {
    return this.rig.openVendingMachine(products)
  }

  /** The next cardholder in line; steps add to what they will do. */
  cardholderWill(plan: CardholderAtMachine): void {
    this.cardholders.push(plan)
  }

  /** The most recently described cardholder. */
  get lastCardholder(): CardholderAtMachine {
    const last = this.cardholders.at(-1)
    if (!last) throw new Error('no cardholder has been described yet in this scenario')
    return last
  }

  deviceWillBeUsed(deviceId: string, use: { startsAfterMinutes?: number; minutes?: number; perMinute: Money }): void {
    const plan: DeviceUse = {
      startsAfterMs: use.startsAfterMinutes === undefined ? undefined : use.startsAfterMinutes * MINUTE,
      stopsAfterMs: use.minutes === undefined ? undefined : use.minutes * MINUTE,
      valuePerMinute: use.perMinute,
    }
    this.rig.device(deviceId).willBeUsed(plan)
  }

  /** Drivers already on their way to these chargers, each with their own card, charging for `minutes`. */
  driversCharging(chargers: number[], minutes: number): void {
    const cards = ['Visa', 'Mastercard', 'Maestro']
    chargers.forEach((charger, i) => {
      this.cardholderWill({ entries: [String(charger)], card: { card: cardProfile(cards[i % cards.length]), entry: 'chip', pin: 'correct' } })
      this.deviceWillBeUsed(String(charger), { startsAfterMinutes: 1, minutes, perMinute: money(30) })
    })
  }

  /** Every cardholder described steps up in turn; runs until every session has ended. */
  async serveCardholders(during?: (rig: UnattendedRig) => void): Promise<SessionRecord[]> {
    const machine = this.rig.machine
    for (const plan of this.cardholders) this.rig.customers.arrives(this.customerPlan(plan))
    during?.(this.rig)
    const arrive = (plan: CardholderAtMachine) => (plan.arrivesAfterMinutes ? sleep(this.rig.clock, plan.arrivesAfterMinutes * MINUTE) : Promise.resolve())
    const served = await this.rig.run('the cardholders at the machine', async () => {
      const sessions = await Promise.all(this.cardholders.map((plan) => arrive(plan).then(() => machine.serveCustomer())))
      await machine.quiet()
      return sessions
    })
    this.sessions.push(...served)
    return served
  }

  /** One more cardholder steps up and is served to the end of the session (the soak's loop). */
  async serveNext(plan: CardholderAtMachine): Promise<SessionRecord> {
    this.cardholders.push(plan)
    this.rig.customers.arrives(this.customerPlan(plan))
    const session = await this.rig.run('the next cardholder at the machine', () => this.rig.machine.serveCustomer())
    this.sessions.push(session)
    return session
  }

  /** Every cardholder described steps up, without waiting for their sessions: the power may go first. */
  startServing(): void {
    const machine = this.rig.machine
    for (const plan of this.cardholders) this.rig.customers.arrives(this.customerPlan(plan))
    for (let i = 0; i < this.cardholders.length; i++) void machine.serveCustomer().catch(() => undefined)
  }

  /** Each cardholder in turn, the next one only after the previous session has ended. */
  async serveOneAfterAnother(): Promise<SessionRecord[]> {
    const machine = this.rig.machine
    for (const plan of this.cardholders) {
      this.rig.customers.arrives(this.customerPlan(plan))
      this.sessions.push(await this.rig.run('the next cardholder at the machine', () => machine.serveCustomer()))
    }
    return this.sessions
  }

  /** The operator stops the session on a device while the terminal is still waiting for the PIN. */
  operatorStopsAtPinPrompt(deviceId: string): void {
    let done = false
    this.rig.terminal.face.onScreen((screen) => {
      if (screen.prompt !== 'enter PIN' || done) return
      done = true
      this.rig.clock.setTimer(HUMAN_REACTION_MS, () => {
        this.events.push({ what: 'operator stop', atMs: this.rig.clock.now() })
        this.rig.machine.stopSession(deviceId)
      })
    })
  }

  /** Someone presses "stop with card" on the machine and holds this card to the terminal when asked. */
  stopWithCard(card: CardProfile): void {
    this.rig.cardholder.willPay({ card, entry: 'contactless', pin: 'none', reactionMs: HUMAN_REACTION_MS })
    this.rig.machine.panel.pressStopWithCard()
  }

  /** Someone at the idle machine presses Pay without a choice, then holds a card to the terminal. */
  async payWithoutChoosing(card: CardProfile): Promise<void> {
    this.rig.machine.panel.pressPay()
    this.rig.terminal.face.presentCard(card, 'contactless')
    await this.rig.wait(MINUTE)
  }

  /** Each person in turn at the service menu, `apartMs` after the previous one. */
  async tryToOpenJournal(people: Credentials[], apartMs: number): Promise<void> {
    for (const person of people) {
      await this.rig.wait(apartMs)
      const atMs = this.rig.clock.now()
      try {
        this.journalAttempts.push({ user: person.user, atMs, entries: this.rig.machine.openJournal(person) })
      } catch (error) {
        if (!(error instanceof JournalAccessRefused)) throw error
        this.journalAttempts.push({ user: person.user, atMs, refusal: { reason: error.reason } })
      }
    }
  }

  /** A cardholder at the machine with a subscription card (or a payment card, or none at all) and these choices. */
  async useSubscriptionCard(card: CardProfile | undefined, entries: string[]): Promise<void> {
    this.rig.customers.arrives({ entries })
    if (card) this.rig.cardholder.willPay({ card, entry: 'contactless', pin: 'none', reactionMs: HUMAN_REACTION_MS })
    this.sessions.push(await this.rig.run('the subscription card at the machine', () => this.rig.machine.serveSubscriptionCard()))
  }

  /** Lets the machine run, nobody acting, until this time of day (the next day's if `nextDay`). */
  async waitUntil(hour: number, minute: number, nextDay: boolean): Promise<void> {
    const day = 24 * 60 * MINUTE
    const now = this.rig.clock.now()
    let target = Math.floor(now / day) * day + (hour * 60 + minute) * MINUTE
    if (nextDay || target <= now) target += day
    await this.rig.wait(target - now)
  }

  /** One more cardholder buys now, after everything before has ended. */
  async buyNow(plan: CardholderAtMachine): Promise<SessionRecord> {
    this.cardholderWill(plan)
    this.rig.customers.arrives(this.customerPlan(plan))
    const session = await this.rig.run('the next cardholder at the machine', () => this.rig.machine.serveCustomer())
    this.sessions.push(session)
    return session
  }

  /** Someone at the machine asks for a receipt with this card, held to the terminal when asked. */
  askReceiptWithCard(card: CardProfile): Promise<void> {
    this.rig.cardholder.willPay({ card, entry: 'contactless', pin: 'none', reactionMs: HUMAN_REACTION_MS })
    return this.rig.run('the receipt asked for with a card', () => this.rig.machine.retrieveReceiptByCard())
  }

  /** Someone scans (or types) a receipt code at the machine, to get the receipt or to delete the code. */
  useReceiptCode(code: string, purpose: 'get' | 'delete'): Promise<void> {
    this.rig.customers.arrives({ entries: [code] })
    const machine = this.rig.machine
    return this.rig.run(`the receipt code ${purpose}`, () => (purpose === 'get' ? machine.retrieveReceiptByCode() : machine.deleteReceiptCode()))
  }

  /** Real time: e-receipts travel over a real connection. Fails clearly if they do not settle in time. */
  async eReceiptsSettled(timeoutMs = 10_000): Promise<void> {
    const desk = this.rig.machine.receiptDesk
    if (!desk) return
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`e-receipts still on their way after ${timeoutMs} ms`)), timeoutMs) })
    try {
      await Promise.race([desk.settled(), late])
    } finally {
      clearTimeout(timer)
    }
  }

  session(index = 0): SessionRecord {
    const found = this.sessions[index]
    if (!found) throw new Error(`there is no session number ${index + 1} in this scenario`)
    return found
  }

  /** Something that happens `minutes` after delivery starts on a device; its time is kept as evidence. */
  afterDeliveryMinutes(deviceId: string, minutes: number, act: () => void): void {
    this.rig.device(deviceId).onStart(() => this.rig.clock.setTimer(minutes * MINUTE, () => {
      this.events.push({ what: 'acted', atMs: this.rig.clock.now() })
      act()
    }))
  }

  private customerPlan(plan: CardholderAtMachine): MachineCustomerPlan {
    const card = plan.card
    return {
      entries: plan.entries, language: plan.language,
      stepsUp: () => {
        this.atTerminal = plan
        if (card) this.rig.cardholder.willPay({ ...card, reactionMs: card.reactionMs ?? HUMAN_REACTION_MS })
      },
    }
  }
}

export const euros = (value: number): Money => money(Math.round(value * 100))
