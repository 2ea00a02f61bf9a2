import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber'
import type { PaymentOutcome } from '../src/ecr/payment-outcome'
import type { Money } from '../src/opi/money'
import type { CardEntry, CardProfile } from '../src/terminal/cards'
import type { RigParameters } from './rig-parameters'
import { SimulatedRig } from './simulated-rig'
import type { UnattendedScenario } from './unattended-scenario'

/** Seconds a person takes to react to the terminal's prompt. */
const HUMAN_REACTION_MS = 2_000

/**
 * One scenario's state: the rig and what the scenario has done with it. Steps talk to this class in
 * the language of the checkout; the wire stays in here and in the report.
 */
export class CertificationWorld extends World<RigParameters> {
  /** Assembled by the "assemble the rig" hook before the first step. */
  rig!: SimulatedRig
  lastPayment?: PaymentOutcome
  /** Unattended scenarios: the machine, its terminal and devices (built by the @unattended hook). */
  unattended!: UnattendedScenario

  constructor(options: IWorldOptions<RigParameters>) {
    super(options)
  }

  async assembleRig(): Promise<void> {
    this.rig = await SimulatedRig.create(this.parameters)
  }

  async prepareCheckout(): Promise<void> {
    await this.rig.start()
  }

  cardholderWillPay(card: CardProfile, entry: CardEntry, pin: 'correct' | 'wrong' | 'none'): void {
    this.rig.cardholder.willPay({ card, entry, pin, reactionMs: HUMAN_REACTION_MS })
  }

  async takeCardPayment(amount: Money): Promise<void> {
    this.rig.ecr.openSale(amount)
    this.lastPayment = await this.rig.run(`the card payment of ${amount.minor / 100}`, () => this.rig.ecr.payByCard())
  }

  payment(): PaymentOutcome {
    if (!this.lastPayment) throw new Error('no card payment was taken in this scenario')
    return this.lastPayment
  }
}

setWorldConstructor(CertificationWorld)
