import { sleep, type Clock, type TimerHandle } from '../../clock/clock'
import { formatDecimal, money, type Money } from '../../opi/money'
import type { TransactionView } from '../api/ccv-backend'
import type { HandoverResult, InstallResult, Readiness } from '../phone/softpos-app'
import { type Order, type OrderStore, type PaymentAttempt } from './order-store'
import { PaymentApiRefusal, PaymentApiUnreachable, type PaymentApiClient } from './payment-api-client'
import { failureInWords, outcomeInWords, TEXTS, type PosMessage, type PosMessageKind } from './pos-texts'

/** The CCV SoftPOS SDK as the POS app sees it: three calls into the SoftPOS app on the same phone. */
export interface SoftposSdk {
  installTerminal(payload: string): Promise<InstallResult>
  isReadyForTransaction(): Readiness
  startPayment(reference: string): Promise<HandoverResult>
}

export interface PosAppOptions {
  client: PaymentApiClient
  sdk: SoftposSdk
  store: OrderStore
  clock: Clock
  /** This installation of the POS app, unique among the merchant's phones: part of every merchantOrderReference. */
  deviceId: string
  /** Where CCV should post its webhooks for this POS app, if anywhere. */
  webhookUrl?: string
  language?: string
}

/** How often the POS app asks for the status of a pending payment when no webhook comes. */
export const STATUS_POLL_MS = 5_000
/** How long it waits out APP_BUSY_WITH_PREVIOUS_REQUEST before giving up on a hand-over. */
export const BUSY_RETRY_MS = 2_000
export const BUSY_GIVE_UP_MS = 60_000
/** How long it follows a pending payment before telling the merchant to call CCV. */
export const FOLLOW_LIMIT_MS = 10 * 60_000

export const TERMINAL_SETTING = 'softpos.terminalId'

/** The POS app was force-stopped: whatever it was doing ends here, unfinished. */
export class PosAppStopped extends Error {
  constructor() {
    super('the POS app was stopped')
    this.name = 'PosAppStopped'
  }
}

/**
 * A merchant's POS app that takes SoftPOS payments honestly: the order's payment is written to its
 * database before CCV is asked, an order is paid only on the final status `success`, an unknown outcome
 * is resolved by its reference before anything else on start-up, and one order never gets two payments
 * at once. It talks to CCV's Payment API over HTTP and to the SoftPOS app through the SDK.
 */
export class ReferencePosApp {
  readonly screen: PosMessage[] = []
  private alive = true
  private ready = false
  private readonly nudges = new Map<string, () => void>()

  constructor(private readonly options: PosAppOptions) {}

  get terminalId(): string | undefined {
    return this.options.store.setting(TERMINAL_SETTING)
  }

  /** Start-up: before the merchant can do anything, every payment whose outcome is unknown is resolved. */
  async start(): Promise<void> {
    for (const attempt of this.options.store.unresolved()) await this.resolve(attempt)
    this.ready = true
  }

  /** A webhook arrived for this payment id: look at its status now rather than at the next poll. */
  webhook(id: string): void {
    this.nudges.get(id)?.()
  }

  /** Force-stop: nothing more happens in this process; the database is all that is left. */
  stop(): void {
    this.alive = false
    for (const nudge of this.nudges.values()) nudge()
    this.options.store.close()
  }

  // ---- the terminal

  async installTerminal(terminalId: string): Promise<boolean> {
    const { client, sdk, store } = this.options
    const readiness = sdk.isReadyForTransaction()
    if (!readiness.ready && readiness.failure.code === 11000) return this.refuse(failureInWords(readiness.failure), false)
    const current = await this.live(client.terminal(terminalId))
    if (current.installationStatus === 'installed') {
      if (readiness.ready && readiness.terminalId === terminalId) {
        store.setSetting(TERMINAL_SETTING, terminalId)
        return this.refuse({ kind: 'already installed', text: TEXTS.alreadyInstalled(terminalId) }, true)
      }
      // Installed at CCV but not in this phone's SoftPOS app (its data was cleared): release it, then install anew.
      await this.live(client.uninstall(terminalId))
    }
    this.show('installing', TEXTS.installing(terminalId))
    const started = await this.live(client.install(terminalId))
    const result = await this.live(sdk.installTerminal(started.installationPayload ?? ''))
    if (result.kind === 'TerminalNotInstalled') return this.refuse(failureInWords(result.failure), false)
    await this.live(client.installCompleted(terminalId))
    const after = await this.live(client.terminal(terminalId))
    if (after.installationStatus !== 'installed') return this.refuse({ kind: 'installation failed', text: `CCV does not report terminal ${terminalId} as installed; try again.` }, false)
    store.setSetting(TERMINAL_SETTING, terminalId)
    this.show('ready', TEXTS.ready(terminalId))
    return true
  }

  async uninstallTerminal(): Promise<void> {
    const terminalId = this.terminalId
    if (!terminalId) return void this.show('no terminal', TEXTS.noTerminal)
    await this.live(this.options.client.uninstall(terminalId))
    this.options.store.setSetting(TERMINAL_SETTING, undefined)
    this.show('uninstalled', TEXTS.uninstalled(terminalId))
  }

  // ---- payments

  /** The cashier rings up an order and takes it by SoftPOS. Resolves with the order as the database holds it. */
  async payOrder(amount: Money): Promise<Order> {
    const { store } = this.options
    if (!this.ready) throw new Error('the POS app has not finished starting')
    const order = store.createOrder(amount.minor, amount.currency)
    // The SoftPOS app first: without it nothing else can work, and saying so is the most useful guidance.
    const readiness = this.options.sdk.isReadyForTransaction()
    if (!readiness.ready && readiness.failure.code === 11000) return this.refuse(failureInWords(readiness.failure), store.order(order.id))
    const terminalId = this.terminalId
    if (!terminalId) return this.refuse({ kind: 'no terminal', text: TEXTS.noTerminal }, store.order(order.id))
    if (!readiness.ready) return this.refuse(failureInWords(readiness.failure), store.order(order.id))
    const attempt = store.beginAttempt(order.id, this.options.clock.now(), this.options.deviceId)
    await this.resolve(attempt, terminalId)
    return store.order(order.id)
  }

  /**
   * Takes an unpaid order again after a definite failure (declined, cancelled, expired). An order that is
   * paid, or whose payment is still unknown or needs CCV's check, is refused: that is how a second payment
   * for the same order would happen.
   */
  async retryOrder(orderId: number): Promise<Order> {
    const { store } = this.options
    if (!this.ready) throw new Error('the POS app has not finished starting')
    const order = store.order(orderId)
    if (order.state !== 'unpaid') return this.refuse({ kind: 'refused', text: `Order ${orderId} is ${order.state}: it cannot be paid again.` }, order)
    const terminalId = this.terminalId
    const readiness = this.options.sdk.isReadyForTransaction()
    if (!terminalId) return this.refuse({ kind: 'no terminal', text: TEXTS.noTerminal }, order)
    if (!readiness.ready) return this.refuse(failureInWords(readiness.failure), order)
    await this.resolve(store.beginAttempt(orderId, this.options.clock.now(), this.options.deviceId), terminalId)
    return store.order(orderId)
  }

  orders(): Order[] {
    return this.options.store.orders()
  }

  attempts(orderId?: number): PaymentAttempt[] {
    return this.options.store.attempts(orderId)
  }

  /**
   * Follows one payment to its final status. Creating it is idempotent by merchantOrderReference, so a
   * payment whose creation was interrupted is found again, never made twice.
   */
  private async resolve(attempt: PaymentAttempt, terminalId = this.terminalId): Promise<void> {
    const { store, client } = this.options
    const order = store.order(attempt.orderId)
    const amount = money(order.amountMinor, order.currency)
    let reference = attempt.reference
    const recovering = this.ready === false
    if (recovering && reference) this.show('checking earlier payment', TEXTS.checking(reference))
    if (!reference) {
      if (!terminalId) return this.settle(attempt, 'refused', 'unpaid', { kind: 'no terminal', text: TEXTS.noTerminal })
      let tx: TransactionView
      try {
        tx = await this.whileUnreachable(() => client.createPayment({
          amount: formatDecimal(amount), currency: amount.currency, merchantOrderReference: attempt.merchantOrderReference,
          terminalId, language: this.options.language ?? 'eng', webhookUrl: this.options.webhookUrl,
        }))
      } catch (error) {
        if (error instanceof PaymentApiRefusal && error.type === 'TERMINAL_NOT_INSTALLED') {
          store.setSetting(TERMINAL_SETTING, undefined)
          return this.settle(attempt, 'refused', 'unpaid', { kind: 'terminal not installed', text: TEXTS.terminalGone(terminalId) })
        }
        if (error instanceof PaymentApiRefusal) return this.settle(attempt, 'refused', 'unpaid', { kind: 'refused', text: `CCV refused the payment (${error.type}): ${error.message}` })
        if (error instanceof PaymentApiUnreachable) return this.show('contact ccv', TEXTS.unreachable(order.id))
        throw error
      }
      reference = tx.reference
      store.recordReference(attempt.merchantOrderReference, reference)
      if (!recovering) {
        this.show('processing', TEXTS.processing(amount))
        void this.handOver(reference).catch(() => undefined)
      }
    }
    let tx: TransactionView
    try {
      tx = await this.follow(reference)
    } catch (error) {
      if (error instanceof PaymentApiUnreachable) return this.show('contact ccv', TEXTS.unreachable(order.id, reference))
      throw error
    }
    const words = outcomeInWords(amount, tx)
    if (tx.status === 'success') return this.settle(attempt, 'success', 'paid', words)
    if (tx.status === 'failed') return this.settle(attempt, 'failed', 'unpaid', words)
    return this.settle(attempt, tx.status, tx.status === 'manualintervention' ? 'check-with-ccv' : 'awaiting', words)
  }

  /** Opens the SoftPOS app for the tap; a busy app is waited out, since its previous request will end. */
  private async handOver(reference: string): Promise<void> {
    const startedAt = this.options.clock.now()
    for (;;) {
      const result = await this.live(this.options.sdk.startPayment(reference))
      if (result.kind === 'returned') return
      const words = failureInWords(result.failure)
      this.show(words.kind, words.text)
      if (result.failure.code !== 11012 || this.options.clock.now() - startedAt >= BUSY_GIVE_UP_MS) return
      await this.live(sleep(this.options.clock, BUSY_RETRY_MS))
    }
  }

  /** Asks for the status until it is final: at once on a webhook, else every few seconds. */
  private async follow(reference: string): Promise<TransactionView> {
    const { clock, client } = this.options
    const giveUpAt = clock.now() + FOLLOW_LIMIT_MS
    for (;;) {
      const last = await this.whileUnreachable(() => client.transaction(reference), giveUpAt)
      if (last.status !== 'pending' || clock.now() >= giveUpAt) return last
      await this.live(this.nudgeOrPoll(reference))
    }
  }

  /** Asks again while CCV cannot be reached (every request here is safe to repeat), up to `giveUpAt`. */
  private async whileUnreachable<T>(ask: () => Promise<T>, giveUpAt = this.options.clock.now() + FOLLOW_LIMIT_MS): Promise<T> {
    for (;;) {
      try {
        return await this.live(ask())
      } catch (error) {
        if (!(error instanceof PaymentApiUnreachable) || this.options.clock.now() >= giveUpAt) throw error
      }
      await this.live(sleep(this.options.clock, STATUS_POLL_MS))
    }
  }

  private nudgeOrPoll(reference: string): Promise<void> {
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined = undefined
      const wake = () => { timer?.cancel(); this.nudges.delete(reference); resolve() }
      timer = this.options.clock.setTimer(STATUS_POLL_MS, wake)
      this.nudges.set(reference, wake)
    })
  }

  private settle(attempt: PaymentAttempt, status: PaymentAttempt['status'], state: Order['state'], words: { kind: PosMessageKind; text: string }): void {
    const { store, clock } = this.options
    store.recordStatus(attempt.merchantOrderReference, status)
    store.setOrderState(attempt.orderId, state, state === 'paid' ? clock.now() : undefined)
    this.show(words.kind, words.text)
  }

  private refuse<T>(words: { kind: PosMessageKind; text: string }, result: T): T {
    this.show(words.kind, words.text)
    return result
  }

  private show(kind: PosMessageKind, text: string): void {
    if (this.alive) this.screen.push({ atMs: this.options.clock.now(), kind, text })
  }

  /** Every wait ends in PosAppStopped once the app is force-stopped, so a dead app writes nothing. */
  private async live<T>(work: Promise<T>): Promise<T> {
    if (!this.alive) throw new PosAppStopped()
    const value = await work
    if (!this.alive) throw new PosAppStopped()
    return value
  }
}
