import type { Money } from '../opi/money'

/** A basket the cashier is settling; it closes when tenders cover the total. */
export class Sale {
  private readonly payments: Money[] = []

  constructor(readonly total: Money) {}

  recordPayment(amount: Money): void {
    this.payments.push(amount)
  }

  /** How many payments were booked against the sale: a refused or failed one must not be. */
  get tenderCount(): number {
    return this.payments.length
  }

  paid(): number {
    return this.payments.reduce((sum, p) => sum + p.minor, 0)
  }

  remaining(): Money {
    return { minor: Math.max(0, this.total.minor - this.paid()), currency: this.total.currency }
  }

  /** A sale with nothing positive to pay (zero, or goods returned) stays open: card payments cannot settle it. */
  get isOpen(): boolean {
    return this.total.minor <= 0 || this.paid() < this.total.minor
  }
}
