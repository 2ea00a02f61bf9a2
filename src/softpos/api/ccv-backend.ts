import type { Clock, TimerHandle } from '../../clock/clock'
import { formatDecimal, parseDecimal, type Money } from '../../opi/money'
import { TRANSACTION_ERROR, type SoftposFailure } from '../failure-codes'

export type InstallationStatus = 'installed' | 'not_installed'
export type PaymentStatus = 'pending' | 'success' | 'failed' | 'manualintervention'

/** What `GET /api/v1/softpos/terminal/{terminalId}` answers, in CCV's field names. */
export interface TerminalView {
  terminalId: string
  installationStatus: InstallationStatus
  installationPayload: string | null
}

/** What `GET /api/v1/transaction?reference=` answers, in CCV's field names where they are public. */
export interface TransactionView {
  reference: string
  merchantOrderReference: string
  status: PaymentStatus
  amount: string
  currency: string
  method: 'softpos'
  details: { terminalId: string }
  /** Assumption: CCV's field for the reason of a failed payment is not public. */
  failure?: SoftposFailure
}

/** A refusal of the Payment API: the HTTP status and a body a developer can act on. */
export class PaymentApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string, readonly failure?: SoftposFailure) {
    super(message)
    this.name = 'PaymentApiError'
  }
}

/** Money that moved: written only when the host approved and the SoftPOS app saw it through. */
export interface Charge {
  reference: string
  merchantOrderReference: string
  amount: Money
  terminalId: string
  atMs: number
}

/** A contactless card as the cardholder taps it: only whether its issuer approves matters here. */
export interface TappedCard {
  label: string
  issuerApproves: boolean
}

export interface CreatePaymentRequest {
  amount?: unknown
  currency?: unknown
  method?: unknown
  language?: unknown
  merchantOrderReference?: unknown
  webhookUrl?: unknown
  details?: { terminalId?: unknown }
}

type Stage = 'created' | 'on_phone' | 'authorising' | 'final'

interface Payment {
  reference: string
  merchantOrderReference: string
  amount: Money
  terminalId: string
  language: string
  webhookUrl?: string
  status: PaymentStatus
  stage: Stage
  failure?: SoftposFailure
  /** The SoftPOS app died while the host was deciding: nobody can say whether the card saw the answer. */
  appLost: boolean
  expiry?: TimerHandle
}

interface Terminal {
  terminalId: string
  stage: 'not_installed' | 'install_started' | 'installed'
  payload: string | null
  /** Goes up on every install: a phone holding an older installation can no longer pay. */
  installation: number
  installCompletedCount: number
}

/** An installation the phone holds after a successful installTerminal. */
export interface PhoneInstallation {
  terminalId: string
  installation: number
}

export interface BackendTimings {
  /** How long the acquiring host takes to decide a tap. */
  hostLatencyMs: number
  /** Assumption: a softpos payment that no card reaches within this time fails. CCV's limit is not public. */
  paymentExpiryMs: number
}

export const DEFAULT_TIMINGS: BackendTimings = { hostLatencyMs: 1_500, paymentExpiryMs: 180_000 }

/**
 * CCV's side of SoftPOS in one object: terminal management, payments with method softpos, the acquiring
 * host's decision and the ledger of money moved. The HTTP server and the simulated SoftPOS app both act
 * on it; the ledger is the witness the money invariant reads, never the POS app's own records.
 */
export class SimulatedCcvBackend {
  private readonly terminals = new Map<string, Terminal>()
  private readonly payments = new Map<string, Payment>()
  private readonly byOrderReference = new Map<string, Payment>()
  readonly charges: Charge[] = []
  /** Every installation a phone activated, oldest first: which code it used. */
  readonly activations: { terminalId: string; payload: string; atMs: number }[] = []
  private readonly finalWatchers: ((payment: TransactionView, webhookUrl: string | undefined) => void)[] = []
  private nextPayment = 1

  constructor(private readonly clock: Clock, private readonly timings: BackendTimings = DEFAULT_TIMINGS) {}

  // ---- the back office (CCV's terminal management system)

  /** The terminal must exist in CCV's terminal management before a phone can install it. */
  createTerminal(terminalId: string): TerminalView {
    if (!/^[A-Za-z0-9-]{1,40}$/.test(terminalId)) throw new PaymentApiError(400, 'INVALID_TERMINAL_ID', `"${terminalId}" is not a terminal id (letters, digits and dashes, at most 40)`)
    if (!this.terminals.has(terminalId)) this.terminals.set(terminalId, { terminalId, stage: 'not_installed', payload: null, installation: 0, installCompletedCount: 0 })
    return this.terminal(terminalId)
  }

  terminalIds(): string[] {
    return [...this.terminals.keys()]
  }

  /** The back office deactivates the terminal: the same effect as the API's uninstall, without its ordering rule. */
  deactivate(terminalId: string): TerminalView {
    const terminal = this.known(terminalId)
    terminal.stage = 'not_installed'
    terminal.payload = null
    terminal.installation++
    return this.terminal(terminalId)
  }

  installCompletedCount(terminalId: string): number {
    return this.known(terminalId).installCompletedCount
  }

  // ---- the Payment API's terminal endpoints

  terminal(terminalId: string): TerminalView {
    const t = this.known(terminalId)
    return { terminalId: t.terminalId, installationStatus: t.stage === 'installed' ? 'installed' : 'not_installed', installationPayload: t.payload }
  }

  /** Starts an installation with a fresh installation payload; an older payload stops working. */
  install(terminalId: string): TerminalView {
    const t = this.known(terminalId)
    if (t.stage === 'installed') throw new PaymentApiError(409, 'TERMINAL_ALREADY_INSTALLED', `terminal ${terminalId} is already installed; uninstall it first to install it again`)
    t.installation++
    t.stage = 'install_started'
    t.payload = `SPOS1-${terminalId}-${t.installation}-${(this.clock.now() % 1_000_000).toString(36)}`
    return this.terminal(terminalId)
  }

  installCompleted(terminalId: string): TerminalView {
    const t = this.known(terminalId)
    if (t.stage === 'not_installed') throw new PaymentApiError(409, 'INSTALL_NOT_STARTED', `terminal ${terminalId}: install-completed before install; call install first`)
    if (t.stage === 'installed') throw new PaymentApiError(409, 'TERMINAL_ALREADY_INSTALLED', `terminal ${terminalId}: install-completed was already reported`)
    t.stage = 'installed'
    t.installCompletedCount++
    return this.terminal(terminalId)
  }

  uninstall(terminalId: string): TerminalView {
    const t = this.known(terminalId)
    if (t.stage !== 'installed') throw new PaymentApiError(409, 'INSTALL_NOT_COMPLETED', `terminal ${terminalId}: uninstall is only possible after install-completed`)
    return this.deactivate(terminalId)
  }

  // ---- payments

  /** Idempotent by merchantOrderReference: asking again for the same order returns the same payment. */
  createPayment(request: CreatePaymentRequest): { created: boolean; transaction: TransactionView } {
    const order = this.requiredText(request.merchantOrderReference, 'merchantOrderReference')
    const amount = this.amountOf(request)
    const terminalId = this.requiredText(request.details?.terminalId, 'details.terminalId')
    if (request.method !== 'softpos') throw new PaymentApiError(400, 'INVALID_REQUEST', `method must be "softpos", not ${JSON.stringify(request.method)}`)
    const webhookUrl = request.webhookUrl === undefined ? undefined : this.requiredText(request.webhookUrl, 'webhookUrl')
    const existing = this.byOrderReference.get(order)
    if (existing) {
      if (existing.amount.minor !== amount.minor || existing.terminalId !== terminalId) {
        throw new PaymentApiError(409, 'DUPLICATE_MERCHANT_ORDER_REFERENCE', `merchantOrderReference ${order} already has a payment of ${formatDecimal(existing.amount)} on ${existing.terminalId}`)
      }
      return { created: false, transaction: this.view(existing) }
    }
    const terminal = this.known(terminalId)
    if (terminal.stage !== 'installed') throw new PaymentApiError(409, 'TERMINAL_NOT_INSTALLED', `terminal ${terminalId} is not installed (installationStatus not_installed); install it before taking payments`)
    const payment: Payment = {
      reference: `spos-${String(this.nextPayment++).padStart(6, '0')}`, merchantOrderReference: order, amount, terminalId,
      language: typeof request.language === 'string' ? request.language : 'eng', webhookUrl, status: 'pending', stage: 'created', appLost: false,
    }
    payment.expiry = this.clock.setTimer(this.timings.paymentExpiryMs, () => this.expire(payment))
    this.payments.set(payment.reference, payment)
    this.byOrderReference.set(order, payment)
    return { created: true, transaction: this.view(payment) }
  }

  transaction(reference: string): TransactionView {
    const payment = this.payments.get(reference)
    if (!payment) throw new PaymentApiError(404, 'TRANSACTION_NOT_FOUND', `no transaction with reference "${reference}"`)
    return this.view(payment)
  }

  transactions(): TransactionView[] {
    return [...this.payments.values()].map((p) => this.view(p))
  }

  /** Called with every payment that reaches a final status, for the webhook. */
  onFinal(watcher: (payment: TransactionView, webhookUrl: string | undefined) => void): void {
    this.finalWatchers.push(watcher)
  }

  // ---- what the SoftPOS app on the phone reports (CCV-internal, not the merchant's API)

  /** Checks an installation payload; a superseded or unknown one is refused. */
  activate(payload: string): PhoneInstallation | undefined {
    const t = [...this.terminals.values()].find((x) => x.payload === payload && x.stage === 'install_started')
    if (!t) return undefined
    this.activations.push({ terminalId: t.terminalId, payload, atMs: this.clock.now() })
    return { terminalId: t.terminalId, installation: t.installation }
  }

  /** The SoftPOS app takes a payment up; only the terminal's current installation may. */
  pickUp(reference: string, installation: PhoneInstallation): { amount: Money } | 'not-installed' | 'not-payable' {
    const payment = this.payments.get(reference)
    const terminal = this.terminals.get(installation.terminalId)
    if (!terminal || terminal.stage !== 'installed' || terminal.installation !== installation.installation) return 'not-installed'
    if (!payment || payment.terminalId !== installation.terminalId || payment.stage !== 'created') return 'not-payable'
    payment.stage = 'on_phone'
    return { amount: payment.amount }
  }

  /** The card was tapped: the host decides after its latency. */
  authorise(reference: string, card: TappedCard, decided: (status: PaymentStatus) => void): void {
    const payment = this.onPhone(reference)
    if (!payment) return
    payment.stage = 'authorising'
    this.clock.setTimer(this.timings.hostLatencyMs, () => {
      if (payment.appLost) this.finish(payment, 'manualintervention', { name: 'APP_LOST_DURING_AUTHORISATION', reason: 'the SoftPOS app stopped while the host was deciding' })
      else if (card.issuerApproves) this.finish(payment, 'success')
      else this.finish(payment, 'failed', { ...TRANSACTION_ERROR, reason: 'declined by the card issuer' })
      decided(payment.status)
    })
  }

  /** The user closed the SoftPOS app before a card was tapped. */
  cancel(reference: string): void {
    const payment = this.onPhone(reference)
    if (payment && payment.stage === 'on_phone') this.finish(payment, 'failed', { name: 'CANCELLED', reason: 'cancelled on the phone' })
  }

  /** The SoftPOS app's process died; what that means depends on how far the payment got. */
  appLost(reference: string): void {
    const payment = this.onPhone(reference)
    if (payment?.stage === 'authorising') payment.appLost = true
  }

  // ----

  private onPhone(reference: string): Payment | undefined {
    const payment = this.payments.get(reference)
    return payment && payment.stage !== 'final' ? payment : undefined
  }

  private expire(payment: Payment): void {
    if (payment.stage === 'created' || payment.stage === 'on_phone') this.finish(payment, 'failed', { name: 'EXPIRED', reason: `no card was tapped within ${this.timings.paymentExpiryMs / 1000} s` })
  }

  private finish(payment: Payment, status: Exclude<PaymentStatus, 'pending'>, failure?: SoftposFailure): void {
    payment.expiry?.cancel()
    payment.stage = 'final'
    payment.status = status
    payment.failure = failure
    if (status === 'success') {
      this.charges.push({ reference: payment.reference, merchantOrderReference: payment.merchantOrderReference, amount: payment.amount, terminalId: payment.terminalId, atMs: this.clock.now() })
    }
    const view = this.view(payment)
    for (const watcher of this.finalWatchers) watcher(view, payment.webhookUrl)
  }

  private view(p: Payment): TransactionView {
    return {
      reference: p.reference, merchantOrderReference: p.merchantOrderReference, status: p.status, amount: formatDecimal(p.amount),
      currency: p.amount.currency, method: 'softpos', details: { terminalId: p.terminalId }, ...(p.failure ? { failure: p.failure } : {}),
    }
  }

  private known(terminalId: string): Terminal {
    const t = this.terminals.get(terminalId)
    if (!t) throw new PaymentApiError(404, 'TERMINAL_NOT_FOUND', `terminal ${terminalId} does not exist in CCV's terminal management; create it in the back office first`)
    return t
  }

  private requiredText(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 200) throw new PaymentApiError(400, 'INVALID_REQUEST', `${field} must be a non-empty text of at most 200 characters`)
    return value
  }

  private amountOf(request: CreatePaymentRequest): Money {
    if (request.currency !== 'EUR') throw new PaymentApiError(400, 'INVALID_REQUEST', `currency must be "EUR", not ${JSON.stringify(request.currency)}`)
    if (typeof request.amount !== 'string' || !/^\d{1,7}\.\d{2}$/.test(request.amount)) {
      throw new PaymentApiError(400, 'INVALID_REQUEST', `amount must be a decimal text with two decimals such as "10.00", not ${JSON.stringify(request.amount)}`)
    }
    const amount = parseDecimal(request.amount, 'EUR')
    if (amount.minor <= 0) throw new PaymentApiError(400, 'INVALID_REQUEST', 'amount must be more than 0.00')
    return amount
  }
}
