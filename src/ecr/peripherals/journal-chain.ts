import { createHmac } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type Database from 'better-sqlite3'

/**
 * The tables whose rows the chain witnesses, each with the columns that name a row. Every write to one
 * of them is followed, in the same transaction, by a link holding the row as it now stands.
 */
export const CHAINED_TABLES = {
  journal_entry: ['request_id'],
  terminal_record: ['request_id', 'seq'],
  journal_receipt: ['id'],
  counter: ['name'],
  journal_access: ['id'],
} as const satisfies Record<string, readonly string[]>

export type ChainedTable = keyof typeof CHAINED_TABLES

/** Triggers whose absence means somebody switched the protection off. */
const EXPECTED_TRIGGERS = [
  'journal_chain_immutable', 'journal_chain_kept', 'journal_entry_kept', 'journal_access_kept', 'terminal_record_immutable', 'terminal_record_kept',
] as const

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal_chain (
  seq INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_key TEXT NOT NULL, row TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS journal_chain_immutable BEFORE UPDATE ON journal_chain
  BEGIN SELECT RAISE(ABORT, 'the journal chain cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS journal_chain_kept BEFORE DELETE ON journal_chain
  BEGIN SELECT RAISE(ABORT, 'the journal chain cannot be shortened'); END;
CREATE TRIGGER IF NOT EXISTS journal_entry_kept BEFORE DELETE ON journal_entry
  BEGIN SELECT RAISE(ABORT, 'journal entries cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS journal_access_kept BEFORE DELETE ON journal_access
  BEGIN SELECT RAISE(ABORT, 'journal access records cannot be deleted'); END;
`

// Stryker disable next-line StringLiteral: the first link's predecessor is any fixed value; sealing and checking both use this one, and the HMAC key, not this value, is what nobody outside can forge
const GENESIS = '0'.repeat(64)

/** Where the integrity check found the journal no longer as written. */
export interface BrokenLink {
  /** The chain link that no longer holds (for a row added outside the journal: the link after the last one). */
  seq: number
  table?: string
  key?: string
  reason: string
}

export interface IntegrityReport {
  intact: boolean
  links: number
  /** The first broken link, in chain order. */
  firstBroken?: BrokenLink
  problems: BrokenLink[]
}

interface ChainRow { seq: number; table_name: string; row_key: string; row: string | null; prev_hash: string; hash: string }

/**
 * A hash chain over every write to the register's journal: each link is an HMAC (key held outside the
 * database) over the previous link and the row as written, and the chain's head is also kept in a file
 * beside the database. The integrity check recomputes the chain and compares every witnessed table with
 * the last link for each row, so an UPDATE, DELETE or INSERT made directly in the database, with its
 * triggers dropped and re-created or not, and a request counter set back, are each reported.
 */
export class JournalChain {
  private pendingHead?: { seq: number; hash: string }

  constructor(private readonly db: Database.Database, private readonly key: string, private readonly headFile?: string) {
    db.exec(SCHEMA)
  }

  /** Witnesses the row as it now stands (undefined: the row is gone). Call inside the write's transaction. */
  witness(table: ChainedTable, key: readonly (string | number)[]): void {
    const columns = CHAINED_TABLES[table]
    const where = columns.map((c) => `${c} = ?`).join(' AND ')
    const row = this.db.prepare(`SELECT * FROM ${table} WHERE ${where}`).get(...key) as Record<string, unknown> | undefined
    const last = this.db.prepare('SELECT seq, hash FROM journal_chain ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined
    const seq = (last?.seq ?? 0) + 1
    const prev = last?.hash ?? GENESIS
    const rowKey = key.join('/')
    const text = row === undefined ? null : canonical(row)
    const hash = this.link(prev, seq, table, rowKey, text)
    this.db.prepare('INSERT INTO journal_chain (seq, table_name, row_key, row, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)').run(seq, table, rowKey, text, prev, hash)
    this.pendingHead = { seq, hash }
  }

  /** After the write's transaction committed: the head file never names a link the database does not have. */
  committed(): void {
    if (this.pendingHead) this.writeHead(this.pendingHead.seq, this.pendingHead.hash)
    this.pendingHead = undefined
  }

  /** A database without a chain (new, or from before the chain) is sealed as it stands. */
  sealIfNew(): void {
    if (this.db.prepare('SELECT COUNT(*) FROM journal_chain').pluck().get() !== 0) return
    for (const [table, columns] of Object.entries(CHAINED_TABLES) as [ChainedTable, readonly string[]][]) {
      const rows = this.db.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).all() as Record<string, string | number>[]
      for (const row of rows) this.witness(table, columns.map((c) => row[c]))
    }
  }

  verify(): IntegrityReport {
    const problems: BrokenLink[] = []
    const links = this.db.prepare('SELECT * FROM journal_chain ORDER BY seq').all() as ChainRow[]
    let prev = GENESIS
    const lastWitness = new Map<string, ChainRow>()
    links.forEach((link, i) => {
      if (link.seq !== i + 1) problems.push({ seq: i + 1, reason: `link ${i + 1} is missing (the chain jumps to ${link.seq})` })
      else if (link.prev_hash !== prev) problems.push({ seq: link.seq, table: link.table_name, key: link.row_key, reason: 'the link does not follow the one before it' })
      else if (link.hash !== this.link(prev, link.seq, link.table_name, link.row_key, link.row)) problems.push({ seq: link.seq, table: link.table_name, key: link.row_key, reason: 'the link\'s seal does not match its content' })
      prev = link.hash
      lastWitness.set(`${link.table_name}:${link.row_key}`, link)
    })
    const head = this.readHead()
    const tail = links.at(-1)
    if (head && (!tail || tail.seq < head.seq)) problems.push({ seq: (tail?.seq ?? 0) + 1, reason: `the chain ends at link ${tail?.seq ?? 0}, but link ${head.seq} was written` })
    else if (head && tail && tail.seq === head.seq && tail.hash !== head.hash) problems.push({ seq: tail.seq, reason: 'the last link is not the one that was written' })
    const next = (tail?.seq ?? 0) + 1
    for (const [table, columns] of Object.entries(CHAINED_TABLES)) {
      const rows = this.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]
      const seen = new Set<string>()
      for (const row of rows) {
        const rowKey = columns.map((c) => String(row[c])).join('/')
        seen.add(rowKey)
        const witnessed = lastWitness.get(`${table}:${rowKey}`)
        if (!witnessed) problems.push({ seq: next, table, key: rowKey, reason: 'a row that was never written through the journal' })
        else if (witnessed.row !== canonical(row)) problems.push({ seq: witnessed.seq, table, key: rowKey, reason: 'the row differs from what was written' })
      }
      for (const [id, link] of lastWitness) {
        const [linkTable, rowKey] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)]
        if (linkTable === table && link.row !== null && !seen.has(rowKey)) problems.push({ seq: link.seq, table, key: rowKey, reason: 'a row that was written is gone' })
      }
    }
    const triggers = new Set(this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[])
    for (const name of EXPECTED_TRIGGERS) if (!triggers.has(name)) problems.push({ seq: next, reason: `the protection ${name} has been removed` })
    problems.sort((a, b) => a.seq - b.seq)
    return { intact: problems.length === 0, links: links.length, firstBroken: problems[0], problems }
  }

  private link(prev: string, seq: number, table: string, rowKey: string, row: string | null): string {
    return createHmac('sha256', this.key).update(JSON.stringify([prev, seq, table, rowKey, row])).digest('hex')
  }

  private writeHead(seq: number, hash: string): void {
    if (!this.headFile) return
    const temporary = `${this.headFile}.tmp`
    writeFileSync(temporary, JSON.stringify({ seq, hash }))
    renameSync(temporary, this.headFile)
  }

  private readHead(): { seq: number; hash: string } | undefined {
    if (!this.headFile || !existsSync(this.headFile)) return undefined
    return JSON.parse(readFileSync(this.headFile, 'utf8')) as { seq: number; hash: string }
  }
}

/** The row as text with its columns in a fixed order, so the same row always seals the same way. */
function canonical(row: Record<string, unknown>): string {
  // Stryker disable next-line MethodExpression: both the seal and the check read the row with SELECT * from the same table, so its columns come in the same order either way
  return JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]))
}
