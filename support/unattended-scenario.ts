import type { MachineCustomerPlan } from '../src/ecr/machine/scripted-customer'
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
  /** The machine as its own operating-system process, for the real power failure (SIGKILL). */
  processBench?: MachineProcessBench
  processOutcome?: PowerFailureOutcome
  /** The soak's figures (O6), once it has run. */
  soak?: SoakFigures

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
