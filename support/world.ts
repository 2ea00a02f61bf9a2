import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber'
import type { PaymentOutcome } from '../src/ecr/payment-outcome'
import type { Money } from '../src/opi/money'
import { cardProfile, type CardEntry, type CardProfile } from '../src/terminal/cards'
import type { CardholderPlan } from '../src/terminal/scripted-cardholder'
import { pressAbortWhen, type CashierMoment } from './cashier'
import type { RigParameters } from './rig-parameters'
import { SimulatedRig } from './simulated-rig'

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
  /** Every card payment the scenario took, in order. */
  readonly payments: PaymentOutcome[] = []
  /** What the cashier is still doing at the register (pressing keys); a payment step waits for it. */
  private readonly cashierActions: Promise<void>[] = []

  constructor(options: IWorldOptions<RigParameters>) {
    super(options)
  }

  async assembleRig(): Promise<void> {
    this.rig = await SimulatedRig.create(this.parameters)
  }

  async prepareCheckout(): Promise<void> {
    await this.rig.start()
  }

  cardholderWillPay(card: CardProfile, entry: CardEntry, pin: CardholderPlan['pin'], habits: Pick<CardholderPlan, 'alsoInField' | 'leavesCardIn'> = {}): void {
    this.rig.cardholder.willPay({ card, entry, pin, reactionMs: HUMAN_REACTION_MS, ...habits })
  }

  async takeCardPayment(amount: Money): Promise<void> {
    this.rig.ecr.openSale(amount)
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

  payment(): PaymentOutcome {
    if (!this.lastPayment) throw new Error('no card payment was taken in this scenario')
    return this.lastPayment
  }
}

setWorldConstructor(CertificationWorld)
