import { createHash } from 'node:crypto'
import type { Clock } from '../clock/clock'
import { sleep } from '../clock/clock'
import { formatDecimal, money, type Money } from '../opi/money'
import { maskPan, type CardEntry, type CardProfile } from './cards'
import type { SeededRandom } from './seeded-random'

/** Extra verification the host asks of the cardholder, as CCV's test host does for trigger amounts. */
export type ExtraVerification = 'signature' | 'identification' | 'signature and identification'

export interface HostDecision {
  approved: boolean
  actionCode: string
  approvalCode?: string
  extraVerification?: ExtraVerification
  /** Approved for less than was asked: what the card could cover, where the terminal allows partial approval. */
  approvedAmount?: Money
}

export interface HostAuthorisation {
  stan: string
  amount: Money
  circuit: string
  entry: CardEntry
  decision: HostDecision
  /** Taken back after approval (the cashier refused the signature or ID, or the machine could not deliver): no money moved. */
  reversed?: boolean
  /** Money going back to the card (a refund); without it the entry charges the card. */
  credit?: boolean
  /** How the card is named on tickets, so a reversal without the card can print one. */
  cardName?: string
  maskedPan?: string
}

/** What the host answers to a reversal: the payment it took back, or why it would not. */
export type ReversalResult =
  | { done: true; authorisation: HostAuthorisation }
  | { done: false; reason: string }

/** Money held on a card by a pre-authorisation until the delivered amount is captured or the hold released. */
export interface HostReservation {
  stan: string
  approvalCode: string
  /** The host's token for the card, so a card can be recognised without its number. */
  cardToken: string
  circuit: string
  cardName: string
  maskedPan: string
  requested: Money
  approved: Money
  captured?: Money
  state: 'open' | 'captured' | 'released'
}

/** What the host answers to a completion (financial advice) of a reservation. */
export type CompletionResult =
  | { done: true; reservation: HostReservation }
  | { done: false; reason: string }

export class HostUnreachable extends Error {
  constructor() {
    super('the acquiring host does not answer')
    this.name = 'HostUnreachable'
  }
}

/**
 * CCV's test acquiring host as the simulation plays it. Its rules are the test host's published
 * triggers, keyed on the amount, so a scenario sets up a decline the same way a tester on the bench
 * would: by charging the trigger amount.
 */
export class AcquiringHost {
  reachable = true
  /** Virtual time an authorisation takes. */
  latencyMs = 1500
  readonly ledger: HostAuthorisation[] = []
  readonly reservations: HostReservation[] = []
  private declineOverride?: string
  /** Balances the test host holds for particular cards (by token), with the card's name; unlimited when not set. */
  private readonly funds = new Map<string, { minor: number; cardName: string }>()

  constructor(private readonly clock: Clock, private readonly random: SeededRandom) {}

  /** The issuer declines the next authorisation with this ISO-8583 action code (e.g. 51, insufficient funds). */
  declineNext(actionCode: string): void {
    this.declineOverride = actionCode
  }

  /**
   * Authorises a payment. A card whose account holds less than the amount is declined for insufficient
   * funds (51); with `partialAllowed` (a terminal set for partial approval) it is approved for what it
   * has instead, unless it has nothing.
   */
  async authorise(stan: string, amount: Money, card: CardProfile, entry: CardEntry, partialAllowed = false): Promise<HostDecision> {
    await sleep(this.clock, this.latencyMs)
    if (!this.reachable) throw new HostUnreachable()
    let decision = this.decide(amount)
    const available = this.funds.get(cardToken(card))?.minor
    if (decision.approved && available !== undefined && available < amount.minor) {
      decision = partialAllowed && available > 0 ? { ...decision, approvedAmount: money(available, amount.currency) } : { approved: false, actionCode: '51' }
    }
    this.ledger.push({ stan, amount: decision.approvedAmount ?? amount, circuit: card.circuit, entry, decision, cardName: card.name, maskedPan: maskPan(card.pan) })
    return decision
  }

  /**
   * Credits the card (a refund). It goes into the ledger as a credit, so the money given back is as
   * observable as the money taken. The test host's decline triggers apply (50.05, declineNext); the
   * signature and ID triggers do not, as nobody verifies a cardholder who receives money.
   */
  async refund(stan: string, amount: Money, card: CardProfile, entry: CardEntry): Promise<HostDecision> {
    await sleep(this.clock, this.latencyMs)
    if (!this.reachable) throw new HostUnreachable()
    const { approved, actionCode, approvalCode } = this.decide(amount)
    const decision = { approved, actionCode, approvalCode }
    this.ledger.push({ stan, amount, circuit: card.circuit, entry, decision, credit: true, cardName: card.name, maskedPan: maskPan(card.pan) })
    return decision
  }

  /**
   * Money actually taken from cards: approved charges that were not reversed. Refunds are not
   * subtracted here (see refundedTotal and netTotal), so "nothing was charged" stays what it says.
   */
  approvedTotal(): number {
    return this.ledger.filter((a) => a.decision.approved && !a.reversed && !a.credit).reduce((sum, a) => sum + a.amount.minor, 0)
  }

  /** Money given back to cards: approved refunds. */
  refundedTotal(): number {
    return this.ledger.filter((a) => a.decision.approved && a.credit).reduce((sum, a) => sum + a.amount.minor, 0)
  }

  /** What the merchant is owed on balance: taken minus given back, as reconciliation settles it. */
  netTotal(): number {
    return this.approvedTotal() - this.refundedTotal()
  }

  /** The card's account has only this much available: the environment of a partial approval. */
  setAvailableFunds(card: CardProfile, amount: Money): void {
    this.funds.set(cardToken(card), { minor: amount.minor, cardName: card.name })
  }

  /** The card's account is unlimited again, as for every test card not set otherwise. */
  clearAvailableFunds(card: CardProfile): void {
    this.funds.delete(cardToken(card))
  }

  /** The cards whose account is limited, by card name, with what each still has (minor units). */
  limitedFunds(): Record<string, number> {
    return Object.fromEntries([...this.funds.values()].map(({ cardName, minor }) => [cardName, minor]))
  }

  /**
   * Reserves up to `amount` on the card. With partial approval allowed, a card with less available is
   * approved for what it has (the approved amount then differs from the requested one).
   */
  async reserve(stan: string, amount: Money, card: CardProfile, partialAllowed: boolean): Promise<HostDecision & { approvedAmount?: Money }> {
    await sleep(this.clock, this.latencyMs)
    if (!this.reachable) throw new HostUnreachable()
    const decision = this.decide(amount)
    if (!decision.approved) return decision
    const available = this.funds.get(cardToken(card))?.minor ?? Number.MAX_SAFE_INTEGER
    const approvedMinor = Math.min(amount.minor, available)
    if (approvedMinor < amount.minor && (!partialAllowed || approvedMinor <= 0)) return { approved: false, actionCode: '51' }
    const approvedAmount = money(approvedMinor, amount.currency)
    this.reservations.push({
      stan, approvalCode: decision.approvalCode!, cardToken: cardToken(card), circuit: card.circuit, cardName: card.name, maskedPan: maskPan(card.pan),
      requested: amount, approved: approvedAmount, state: 'open',
    })
    return { ...decision, approvedAmount }
  }

  /** Captures `amount` of an open reservation and releases the rest; 0.00 releases it all. */
  async complete(stan: string | undefined, approvalCode: string | undefined, amount: Money): Promise<CompletionResult> {
    await sleep(this.clock, this.latencyMs)
    if (!this.reachable) throw new HostUnreachable()
    const reservation = this.reservations.find((r) => r.stan === stan && (approvalCode === undefined || r.approvalCode === approvalCode))
    if (!reservation) return { done: false, reason: `no reservation with trace ${stan ?? '?'}` }
    if (reservation.state !== 'open') return { done: false, reason: `the reservation with trace ${stan} is already ${reservation.state}` }
    if (amount.minor > reservation.approved.minor) return { done: false, reason: 'the completion is more than was reserved' }
    reservation.captured = amount
    reservation.state = amount.minor > 0 ? 'captured' : 'released'
    return { done: true, reservation }
  }

  /** Takes back an approved authorisation the terminal no longer stands behind (refused signature or ID, goods not delivered). */
  reverse(stan: string): void {
    const authorisation = this.ledger.find((a) => a.stan === stan)
    if (authorisation) authorisation.reversed = true
  }

  /**
   * Reverses a payment online (PaymentReversal). As on CCV's hosts, only the terminal's last approved
   * payment can be reversed, and only once; anything else is refused with the reason.
   */
  async reverseLastPayment(original: { stan: string; approvalCode?: string; amount?: Money }): Promise<ReversalResult> {
    await sleep(this.clock, this.latencyMs)
    if (!this.reachable) throw new HostUnreachable()
    const { stan, approvalCode, amount } = original
    const last = this.ledger.findLast((a) => a.decision.approved && !a.credit)
    if (!last) return { done: false, reason: 'there is no approved payment to reverse' }
    if (!sameTrace(last.stan, stan)) return { done: false, reason: `trace ${stan} is not the last approved payment (that is trace ${last.stan}); only the last payment can be reversed` }
    if (last.reversed) return { done: false, reason: `the payment with trace ${stan} is already reversed` }
    if (approvalCode !== undefined && approvalCode !== last.decision.approvalCode) return { done: false, reason: `approval code ${approvalCode} does not belong to the payment with trace ${stan}` }
    if (amount && (amount.minor !== last.amount.minor || amount.currency !== last.amount.currency)) {
      return { done: false, reason: `a reversal takes back the whole payment of ${formatDecimal(last.amount)} ${last.amount.currency}, not ${formatDecimal(amount)} ${amount.currency}` }
    }
    last.reversed = true
    return { done: true, authorisation: last }
  }

  private decide(amount: Money): HostDecision {
    const override = this.declineOverride
    this.declineOverride = undefined
    if (override) return { approved: false, actionCode: override }
    switch (amount.minor) {
      case 5005: return { approved: false, actionCode: '05' }
      case 5001: return this.approve('signature')
      case 5002: return this.approve('identification')
      case 5003: return this.approve('signature and identification')
      default: return this.approve()
    }
  }

  private approve(extraVerification?: ExtraVerification): HostDecision {
    return { approved: true, actionCode: '0', approvalCode: this.random.code(6), extraVerification }
  }
}

/** Trace numbers are zero-padded on the wire by some registers and not by others: 311 is 000311. */
function sameTrace(a: string, b: string): boolean {
  return a.replace(/^0+(?=.)/, '') === b.replace(/^0+(?=.)/, '')
}

/** A stable stand-in for the card number; the host never hands out the number itself. */
export function cardToken(card: CardProfile): string {
  return `TK${createHash('sha256').update(card.pan).digest('hex').slice(0, 14).toUpperCase()}`
}
