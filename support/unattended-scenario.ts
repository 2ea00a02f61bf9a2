import type { MachineCustomerPlan } from '../src/ecr/machine/scripted-customer'
import type { DeviceUse } from '../src/ecr/machine/simulated-devices'
import type { Product } from '../src/ecr/machine/product-catalogue'
import type { SessionRecord } from '../src/ecr/machine/sessions'
import { money, type Money } from '../src/opi/money'
import type { CardEntry, CardProfile } from '../src/terminal/cards'
import type { RigParameters } from './rig-parameters'
import { HUMAN_REACTION_MS, UnattendedRig } from './unattended-rig'

/** What one cardholder will do, at the machine's screen and at the terminal. */
export interface CardholderAtMachine {
  entries: string[]
  language?: string
  card?: { card: CardProfile; entry: CardEntry; pin: 'correct' | 'wrong' | 'none' }
}

const MINUTE = 60_000

/**
 * One unattended scenario: the rig and what the scenario has done with it, in the language of
 * drivers, chargers, products and money. The wire stays in here, in observations and in the report.
 */
export class UnattendedScenario {
  readonly cardholders: CardholderAtMachine[] = []
  readonly sessions: SessionRecord[] = []

  private constructor(readonly rig: UnattendedRig) {}

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

  /** Every cardholder described steps up in turn; runs until every session has ended. */
  async serveCardholders(during?: (rig: UnattendedRig) => void): Promise<SessionRecord[]> {
    const machine = this.rig.machine
    for (const plan of this.cardholders) this.rig.customers.arrives(this.customerPlan(plan))
    during?.(this.rig)
    const served = await this.rig.run('the cardholders at the machine', () => Promise.all(this.cardholders.map(() => machine.serveCustomer())))
    this.sessions.push(...served)
    return served
  }

  session(index = 0): SessionRecord {
    const found = this.sessions[index]
    if (!found) throw new Error(`there is no session number ${index + 1} in this scenario`)
    return found
  }

  afterMinutes(minutes: number, act: () => void): void {
    this.rig.clock.setTimer(minutes * MINUTE, act)
  }

  private customerPlan(plan: CardholderAtMachine): MachineCustomerPlan {
    const card = plan.card
    return {
      entries: plan.entries, language: plan.language,
      stepsUp: () => { if (card) this.rig.cardholder.willPay({ ...card, reactionMs: HUMAN_REACTION_MS }) },
    }
  }
}

export const euros = (value: number): Money => money(Math.round(value * 100))
