import type { Money } from '../../opi/money'

/** What the machine does with a payment card held up where a subscription card was asked for (CCV I4). */
export type PaymentCardPolicy = 'refuse' | 'route to payment'

export interface SubscriptionBooking {
  account: string
  uid: string
  amount: Money
  what: string
  atMs: number
}

/**
 * The machine's register of Mifare subscription and fleet cards: UID to account, and the usage booked
 * to each account. Only a UID the terminal reported for a Mifare card is ever looked up; a payment card
 * has no UID here, so it can never pass for a subscription.
 */
export class SubscriptionAccounts {
  readonly bookings: SubscriptionBooking[] = []
  /** Every UID the machine looked up, found or not: the evidence that no payment card was looked up. */
  readonly lookups: string[] = []
  private readonly accounts = new Map<string, string>()

  register(uid: string, account: string): void {
    this.accounts.set(uid.toUpperCase(), account)
  }

  accountOf(uid: string): string | undefined {
    this.lookups.push(uid)
    return this.accounts.get(uid.toUpperCase())
  }

  book(booking: SubscriptionBooking): void {
    this.bookings.push({ ...booking })
  }
}
