import { sleep } from '../src/clock/clock'
import type { Money } from '../src/opi/money'
import type { Charge, TappedCard, TransactionView } from '../src/softpos/api/ccv-backend'
import type { ApiCall } from '../src/softpos/api/payment-api-server'
import type { PhoneEvent } from '../src/softpos/phone/softpos-app'
import type { Order, PaymentAttempt } from '../src/softpos/pos/order-store'
import type { PosMessage } from '../src/softpos/pos/pos-texts'
import { TERMINAL_SETTING } from '../src/softpos/pos/reference-pos-app'
import { SoftposRig } from './softpos-rig'

/** Seconds a customer takes to hold the card to the phone once it asks. */
const CUSTOMER_REACTION_MS = 2_000
/** The merchant or Android acts this long after the card prompt appears, before the customer taps. */
const MERCHANT_REACTION_MS = 1_000
/** After the tap and before the host answers (its latency is 1.5 s). */
const DURING_AUTHORISATION_MS = CUSTOMER_REACTION_MS + 500

export const APPROVED_CARD: TappedCard = { label: 'Mastercard, contactless', issuerApproves: true }
export const DECLINED_CARD: TappedCard = { label: 'Visa, contactless, issuer declines', issuerApproves: false }

/** How much evidence existed when the scenario's When began, so Thens read only what it caused. */
interface Mark {
  calls: number
  transactions: number
  charges: number
  phoneEvents: number
  screen: number
  atMs: number
}

/**
 * A SoftPOS scenario in the language of the shop: the merchant, the customer, Android and CCV's back
 * office act; the POS app reacts; observations come from CCV's ledger and logs, the phone and the POS
 * app's database, never from what a step set up.
 */
export class SoftposScenario {
  order?: Order
  /** The POS app's database at the moment Android force-stopped it. */
  attemptsAtForceStop?: PaymentAttempt[]
  private mark: Mark = { calls: 0, transactions: 0, charges: 0, phoneEvents: 0, screen: 0, atMs: 0 }
  private readonly finalAt = new Map<string, number>()
  private customersCard?: TappedCard

  private constructor(readonly rig: SoftposRig) {
    rig.backend.onFinal((tx) => this.finalAt.set(tx.reference, rig.clock.now()))
  }

  static async create(): Promise<SoftposScenario> {
    return new SoftposScenario(await SoftposRig.create())
  }

  // ---- the back office and the merchant

  terminalExists(terminalId: string): void {
    this.rig.backend.createTerminal(terminalId)
  }

  backOfficeUninstalls(terminalId: string): void {
    this.rig.backend.deactivate(terminalId)
  }

  /** Someone else starts installing the same terminal while this phone is at it: this phone's code goes stale. */
  colleagueWillStartInstalling(terminalId: string): void {
    this.rig.phone.onInstallStarted(() => this.rig.clock.setTimer(MERCHANT_REACTION_MS, () => this.rig.backend.install(terminalId)))
  }

  async installTerminal(terminalId: string): Promise<boolean> {
    return this.rig.run(`installing terminal ${terminalId}`, () => this.rig.pos.installTerminal(terminalId))
  }

  /** A Given: the installation must have worked, or the scenario is not set up. */
  async terminalInstalled(terminalId: string): Promise<void> {
    if (!(await this.installTerminal(terminalId))) throw new Error(`the installation of terminal ${terminalId} failed: ${this.screen().at(-1)?.text}`)
  }

  /** The merchant's other phone: its own SoftPOS app and POS app, on the same CCV account. */
  async terminalInstalledOnNewPhone(terminalId: string): Promise<void> {
    const device = this.rig.addDevice()
    await this.rig.startPos(device)
    if (!(await this.rig.run(`installing terminal ${terminalId} on the new phone`, () => device.pos.installTerminal(terminalId)))) throw new Error(`the installation of terminal ${terminalId} on the new phone failed`)
  }

  async uninstallTerminal(): Promise<void> {
    await this.rig.run('uninstalling the terminal', () => this.rig.pos.uninstallTerminal())
  }

  // ---- what people and Android will do when the SoftPOS app asks for the card

  /** From now on, each time the SoftPOS app asks, the customer taps this card (a later plan replaces it). */
  customerWillTap(card: TappedCard): void {
    if (!this.customersCard) this.rig.phone.onCardPrompt(() => this.rig.clock.setTimer(CUSTOMER_REACTION_MS, () => this.rig.phone.tap(this.customersCard!)))
    this.customersCard = card
  }

  merchantWillCloseSoftposApp(): void {
    this.atNextCardPrompt(MERCHANT_REACTION_MS, () => this.rig.phone.closeApp())
  }

  androidWillForceStopPos(): void {
    this.atNextCardPrompt(MERCHANT_REACTION_MS / 2, () => {
      this.attemptsAtForceStop = this.rig.readStore((s) => s.attempts())
      this.rig.device.forceStopPos()
    })
  }

  androidWillKillSoftposApp(whileAuthorising: boolean): void {
    this.atNextCardPrompt(whileAuthorising ? DURING_AUTHORISATION_MS : MERCHANT_REACTION_MS, () => this.rig.phone.killApp())
  }

  // ---- payments

  async pay(amount: Money): Promise<void> {
    this.markWhen()
    const order = await this.rig.run(`the payment of ${amount.minor / 100}`, () => this.rig.pos.payOrder(amount))
    this.order = this.rig.readStore((s) => s.order(order.id))
  }

  /** A Given: the customer's card was declined for an order, which stays open for another try. */
  async declinedEarlier(amount: Money): Promise<void> {
    this.customerWillTap(DECLINED_CARD)
    const order = await this.rig.run('the declined payment', () => this.rig.pos.payOrder(amount))
    if (order.state !== 'unpaid') throw new Error(`the first payment was to be declined, but the order is ${order.state}`)
    this.order = order
  }

  /** The cashier takes the same order again, as the POS app offers after a decline. */
  async payAgain(): Promise<void> {
    const id = this.theOrder().id
    this.markWhen()
    this.order = await this.rig.run('the payment of the same order', () => this.rig.pos.retryOrder(id))
  }

  /** A Given: a payment the merchant cancelled by closing the SoftPOS app, finished on CCV's side. */
  async closedSoftposAppDuringPayment(amount: Money): Promise<void> {
    this.merchantWillCloseSoftposApp()
    await this.rig.run('the payment the merchant cancelled', () => this.rig.pos.payOrder(amount))
  }

  /** The POS app dies during the payment; the merchant opens it again after `reopenAfterMs`. */
  async payAndReopenPos(amount: Money, reopenAfterMs: number): Promise<void> {
    this.markWhen()
    // The dead app never learns how its call ended.
    void this.rig.pos.payOrder(amount).catch(() => undefined)
    await this.rig.run('the payment until the POS app stops', async () => { while (this.rig.device.isPosRunning) await sleep(this.rig.clock, 100) })
    await this.rig.wait(reopenAfterMs)
    await this.rig.startPos()
    const orders = this.rig.readStore((s) => s.orders())
    this.order = orders.at(-1)
  }

  // ---- observations

  /** Everything every POS app process showed, oldest first. */
  screen(): PosMessage[] {
    return this.rig.device.posApps.flatMap((p) => p.screen)
  }

  shownSinceWhen(): PosMessage[] {
    return this.screen().slice(this.mark.screen)
  }

  theOrder(): Order {
    if (!this.order) throw new Error('no order was paid in this scenario')
    return this.rig.readStore((s) => s.order(this.order!.id))
  }

  attemptsOfOrder(): PaymentAttempt[] {
    const id = this.theOrder().id
    return this.rig.readStore((s) => s.attempts(id))
  }

  /** Payments CCV created since the When began, from CCV's side. */
  paymentsAtCcvSinceWhen(): TransactionView[] {
    return this.rig.backend.transactions().slice(this.mark.transactions)
  }

  chargesSinceWhen(): Charge[] {
    return this.rig.backend.charges.slice(this.mark.charges)
  }

  callsSinceWhen(): ApiCall[] {
    return this.rig.api.calls.slice(this.mark.calls)
  }

  phoneEventsSinceWhen(): PhoneEvent[] {
    return this.rig.phone.events.slice(this.mark.phoneEvents)
  }

  /** The latest message on the POS app's screen. */
  lastShown(): PosMessage {
    const last = this.screen().at(-1)
    if (!last) throw new Error('the POS app showed nothing')
    return last
  }

  /** The one payment CCV created in the When, as CCV has it. */
  ccvPayment(): TransactionView {
    const created = this.paymentsAtCcvSinceWhen()
    if (created.length !== 1) throw new Error(`expected CCV to have created one payment, it created ${created.length}`)
    return created[0]
  }

  /** The terminal the POS app's database binds it to, as a fresh process reads it. */
  terminalOnRecord(): string | undefined {
    return this.rig.readStore((s) => s.setting(TERMINAL_SETTING))
  }

  /** When CCV's status of this payment became final, on the virtual clock. */
  finalAtMs(reference: string): number | undefined {
    return this.finalAt.get(reference)
  }

  // ----

  get whenStartedAtMs(): number {
    return this.mark.atMs
  }

  private markWhen(): void {
    const { api, backend, phone, clock } = this.rig
    this.mark = { calls: api.calls.length, transactions: backend.transactions().length, charges: backend.charges.length, phoneEvents: phone.events.length, screen: this.screen().length, atMs: clock.now() }
  }

  private atNextCardPrompt(afterMs: number, act: () => void): void {
    let done = false
    this.rig.phone.onCardPrompt(() => {
      if (done) return
      done = true
      this.rig.clock.setTimer(afterMs, act)
    })
  }
}
