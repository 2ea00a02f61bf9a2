import Database from 'better-sqlite3'

/** How long receipts and the tokens that find them live. */
export interface ReceiptRetention {
  /** A tracking token (printed or shown as a QR code) finds its receipt this long. */
  tokenValidityMs: number
  /** After this, the receipt and every card reference to it are erased; the legal journal keeps its own rule. */
  retentionMs: number
}

export interface StoredReceipt {
  sessionId: number
  requestId: string
  lines: string[]
  storedAtMs: number
  trackingToken: string
}

/** Why a receipt could not be given: the cardholder is told which, and nothing else is shown instead. */
export type ReceiptLookup = { found: StoredReceipt } | { missing: 'no receipt' | 'no longer available' }

export interface ReceiptErasure {
  atMs: number
  sessionId: number
  requestId: string
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cardholder_receipt (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL, request_id TEXT NOT NULL, card_token TEXT,
  tracking_token TEXT UNIQUE, lines TEXT, stored_at_ms INTEGER NOT NULL, erased_at_ms INTEGER
);
-- A token once handed out is never handed out again, and stays known as spent after deletion or erasure.
CREATE TABLE IF NOT EXISTS spent_tracking_token (token TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, why TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS receipt_erasure (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, session_id INTEGER NOT NULL, request_id TEXT NOT NULL);
`

interface ReceiptRow { session_id: number; request_id: string; lines: string | null; stored_at_ms: number; tracking_token: string | null; erased_at_ms: number | null }

/**
 * Cardholder receipts a machine keeps so they can be fetched later, by the same card (the terminal's
 * card token, never the card number) or by the tracking token on the slip or screen. Its own tables,
 * in the machine's database file beside the journal.
 */
export class SqliteReceiptStore {
  private readonly db: Database.Database

  constructor(path: string, private readonly retention: ReceiptRetention, private readonly newToken: () => string) {
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec(SCHEMA)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  keep(receipt: Omit<StoredReceipt, 'trackingToken'> & { cardToken?: string }): StoredReceipt {
    let token = this.newToken()
    while (this.db.prepare('SELECT 1 FROM cardholder_receipt WHERE tracking_token = ? UNION SELECT 1 FROM spent_tracking_token WHERE token = ?').get(token, token)) token = this.newToken()
    this.db.prepare('INSERT INTO cardholder_receipt (session_id, request_id, card_token, tracking_token, lines, stored_at_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(receipt.sessionId, receipt.requestId, receipt.cardToken ?? null, token, JSON.stringify(receipt.lines), receipt.storedAtMs)
    return { ...receipt, trackingToken: token }
  }

  /** The latest receipt of this card that is still kept. */
  byCard(cardToken: string, nowMs: number): ReceiptLookup {
    this.eraseExpired(nowMs)
    const row = this.db.prepare('SELECT * FROM cardholder_receipt WHERE card_token = ? AND erased_at_ms IS NULL ORDER BY id DESC LIMIT 1').get(cardToken) as ReceiptRow | undefined
    return row ? { found: receiptOf(row) } : { missing: 'no receipt' }
  }

  byTrackingToken(token: string, nowMs: number): ReceiptLookup {
    this.eraseExpired(nowMs)
    const cleaned = token.trim()
    if (this.db.prepare('SELECT 1 FROM spent_tracking_token WHERE token = ?').get(cleaned)) return { missing: 'no longer available' }
    const row = this.db.prepare('SELECT * FROM cardholder_receipt WHERE tracking_token = ?').get(cleaned) as ReceiptRow | undefined
    if (!row) return { missing: 'no receipt' }
    if (nowMs - row.stored_at_ms > this.retention.tokenValidityMs) {
      this.spend(cleaned, nowMs, 'expired')
      return { missing: 'no longer available' }
    }
    return { found: receiptOf(row) }
  }

  /** The cardholder (or service staff) deletes a token: it finds nothing from now on, and is never reused. */
  deleteTrackingToken(token: string, nowMs: number): boolean {
    const found = this.db.prepare('SELECT 1 FROM cardholder_receipt WHERE tracking_token = ?').get(token)
    if (found) this.spend(token, nowMs, 'deleted')
    return found !== undefined
  }

  /** Erases every receipt past the retention period, its card token and tracking token with it; each erasure is logged. */
  eraseExpired(nowMs: number): ReceiptErasure[] {
    const due = this.db.prepare('SELECT id, session_id, request_id, tracking_token FROM cardholder_receipt WHERE erased_at_ms IS NULL AND stored_at_ms + ? < ?')
      .all(this.retention.retentionMs, nowMs) as { id: number; session_id: number; request_id: string; tracking_token: string | null }[]
    this.db.transaction(() => {
      for (const r of due) {
        if (r.tracking_token) this.spend(r.tracking_token, nowMs, 'erased')
        this.db.prepare('UPDATE cardholder_receipt SET lines = NULL, card_token = NULL, tracking_token = NULL, erased_at_ms = ? WHERE id = ?').run(nowMs, r.id)
        this.db.prepare('INSERT INTO receipt_erasure (at_ms, session_id, request_id) VALUES (?, ?, ?)').run(nowMs, r.session_id, r.request_id)
      }
    })()
    return due.map((r) => ({ atMs: nowMs, sessionId: r.session_id, requestId: r.request_id }))
  }

  erasures(): ReceiptErasure[] {
    return (this.db.prepare('SELECT at_ms, session_id, request_id FROM receipt_erasure ORDER BY id').all() as { at_ms: number; session_id: number; request_id: string }[])
      .map((r) => ({ atMs: r.at_ms, sessionId: r.session_id, requestId: r.request_id }))
  }

  /** What the store still holds of a session's receipt: for checking that erasure left nothing behind. */
  remainsOf(sessionId: number): { lines: string | null; cardToken: string | null; trackingToken: string | null }[] {
    return this.db.prepare('SELECT lines, card_token AS cardToken, tracking_token AS trackingToken FROM cardholder_receipt WHERE session_id = ?').all(sessionId) as { lines: string | null; cardToken: string | null; trackingToken: string | null }[]
  }

  private spend(token: string, nowMs: number, why: string): void {
    this.db.prepare('INSERT OR IGNORE INTO spent_tracking_token (token, at_ms, why) VALUES (?, ?, ?)').run(token, nowMs, why)
    this.db.prepare('UPDATE cardholder_receipt SET tracking_token = NULL WHERE tracking_token = ?').run(token)
  }
}

function receiptOf(row: ReceiptRow): StoredReceipt {
  return { sessionId: row.session_id, requestId: row.request_id, lines: JSON.parse(row.lines ?? '[]') as string[], storedAtMs: row.stored_at_ms, trackingToken: row.tracking_token ?? '' }
}
