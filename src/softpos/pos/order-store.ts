import Database from 'better-sqlite3'
import type { PaymentStatus } from '../api/ccv-backend'

/** open: nothing started; awaiting: a payment is out and its outcome unknown; check: CCV must look at it. */
export type OrderState = 'open' | 'awaiting' | 'paid' | 'unpaid' | 'check-with-ccv'

export interface Order {
  id: number
  amountMinor: number
  currency: string
  state: OrderState
  paidAtMs?: number
}

/** One payment asked of CCV for an order; its merchantOrderReference is written before the API is called. */
export interface PaymentAttempt {
  merchantOrderReference: string
  orderId: number
  /** CCV's reference, written as soon as the API gave it and before the SoftPOS app is opened. */
  reference?: string
  /** not created: CCV was asked (or about to be) and has not answered; refused: CCV said no, nothing exists there. */
  status: PaymentStatus | 'not created' | 'refused'
  startedAtMs: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pos_order (
  id INTEGER PRIMARY KEY AUTOINCREMENT, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,
  state TEXT NOT NULL, paid_at_ms INTEGER
);
CREATE TABLE IF NOT EXISTS payment_attempt (
  merchant_order_reference TEXT PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES pos_order(id),
  reference TEXT UNIQUE, status TEXT NOT NULL, started_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

interface OrderRow { id: number; amount_minor: number; currency: string; state: OrderState; paid_at_ms: number | null }
interface AttemptRow { merchant_order_reference: string; order_id: number; reference: string | null; status: PaymentAttempt['status']; started_at_ms: number }

const order = (r: OrderRow): Order => ({ id: r.id, amountMinor: r.amount_minor, currency: r.currency, state: r.state, ...(r.paid_at_ms === null ? {} : { paidAtMs: r.paid_at_ms }) })
const attempt = (r: AttemptRow): PaymentAttempt => ({
  merchantOrderReference: r.merchant_order_reference, orderId: r.order_id, status: r.status, startedAtMs: r.started_at_ms, ...(r.reference === null ? {} : { reference: r.reference }),
})

/**
 * The POS app's orders and their payments in a SQLite file, written synchronously (WAL, full sync) so
 * what was written before a crash is there after it. All the POS app knows after a restart is here.
 */
export class OrderStore {
  private readonly db: Database.Database

  constructor(readonly path: string) {
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec(SCHEMA)
  }

  createOrder(amountMinor: number, currency: string): Order {
    const info = this.db.prepare('INSERT INTO pos_order (amount_minor, currency, state) VALUES (?, ?, ?)').run(amountMinor, currency, 'open')
    return this.order(Number(info.lastInsertRowid))
  }

  order(id: number): Order {
    const row = this.db.prepare('SELECT * FROM pos_order WHERE id = ?').get(id) as OrderRow | undefined
    if (!row) throw new Error(`no order ${id}`)
    return order(row)
  }

  orders(): Order[] {
    return (this.db.prepare('SELECT * FROM pos_order ORDER BY id').all() as OrderRow[]).map(order)
  }

  setOrderState(id: number, state: OrderState, paidAtMs?: number): void {
    this.db.prepare('UPDATE pos_order SET state = ?, paid_at_ms = ? WHERE id = ?').run(state, paidAtMs ?? null, id)
  }

  /**
   * Written before the Payment API is asked, so a crash in between leaves a trace to resolve. The
   * device's id keeps references unique across the merchant's phones, which share one API key.
   */
  beginAttempt(orderId: number, atMs: number, deviceId: string): PaymentAttempt {
    const n = (this.db.prepare('SELECT COUNT(*) AS n FROM payment_attempt WHERE order_id = ?').get(orderId) as { n: number }).n
    const reference = `${deviceId}-order-${orderId}-${n + 1}`
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO payment_attempt (merchant_order_reference, order_id, status, started_at_ms) VALUES (?, ?, ?, ?)').run(reference, orderId, 'not created', atMs)
      this.db.prepare('UPDATE pos_order SET state = ? WHERE id = ?').run('awaiting', orderId)
    })()
    return this.attempt(reference)
  }

  recordReference(merchantOrderReference: string, reference: string): void {
    this.db.prepare('UPDATE payment_attempt SET reference = ?, status = ? WHERE merchant_order_reference = ?').run(reference, 'pending', merchantOrderReference)
  }

  recordStatus(merchantOrderReference: string, status: PaymentAttempt['status']): void {
    this.db.prepare('UPDATE payment_attempt SET status = ? WHERE merchant_order_reference = ?').run(status, merchantOrderReference)
  }

  attempt(merchantOrderReference: string): PaymentAttempt {
    const row = this.db.prepare('SELECT * FROM payment_attempt WHERE merchant_order_reference = ?').get(merchantOrderReference) as AttemptRow | undefined
    if (!row) throw new Error(`no payment attempt ${merchantOrderReference}`)
    return attempt(row)
  }

  attempts(orderId?: number): PaymentAttempt[] {
    const rows = orderId === undefined
      ? this.db.prepare('SELECT * FROM payment_attempt ORDER BY rowid').all()
      : this.db.prepare('SELECT * FROM payment_attempt WHERE order_id = ? ORDER BY rowid').all(orderId)
    return (rows as AttemptRow[]).map(attempt)
  }

  /** Payments whose outcome the POS app does not know yet: resolved before anything else at start-up. */
  unresolved(): PaymentAttempt[] {
    return this.attempts().filter((a) => a.status === 'not created' || a.status === 'pending')
  }

  setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }

  setSetting(key: string, value: string | undefined): void {
    if (value === undefined) this.db.prepare('DELETE FROM setting WHERE key = ?').run(key)
    else this.db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
