import { readFileSync, writeFileSync } from 'node:fs'
import type { SqliteRegisterStore } from '../src/ecr/peripherals/sqlite-journal'

/**
 * What somebody with direct access to the machine's database file does, in SQL: the environment of
 * CCV N2. The integration never runs these; the scenario does, behind its back.
 */
export const TAMPERING: Record<string, (requestId: string) => string> = {
  'changes the amount of the second sale': (id) => `UPDATE journal_entry SET amount_minor = 1 WHERE request_id = '${id}'`,
  'deletes the second sale, switching the protection off and on again': (id) => `DROP TRIGGER journal_entry_kept;
    DELETE FROM journal_entry WHERE request_id = '${id}';
    CREATE TRIGGER journal_entry_kept BEFORE DELETE ON journal_entry BEGIN SELECT RAISE(ABORT, 'journal entries cannot be deleted'); END;`,
  'adds a sale that never happened': () => `INSERT INTO journal_entry (request_id, request_type, amount_minor, currency, result, started_at_ms)
    VALUES ('999', 'CardPayment', 100, 'EUR', 'approved', 0)`,
  'sets the request counter back by 2': () => "UPDATE counter SET value = value - 2 WHERE name = 'request'",
  'changes the result of the second sale to declined': (id) => `UPDATE journal_entry SET result = 'declined' WHERE request_id = '${id}'`,
  'changes the card number of the second sale': (id) => `UPDATE journal_entry SET masked_pan = '************0000' WHERE request_id = '${id}'`,
  'changes the approval code of the second sale': (id) => `UPDATE journal_entry SET approval_code = '999999' WHERE request_id = '${id}'`,
  'changes the time the second sale finished': (id) => `UPDATE journal_entry SET finished_at_ms = finished_at_ms + 60000 WHERE request_id = '${id}'`,
  "changes the first line of the second sale's terminal record, switching the protection off and on again": (id) => `DROP TRIGGER terminal_record_immutable;
    UPDATE terminal_record SET line = 'AMOUNT EUR 0.01' WHERE request_id = '${id}' AND seq = 0;
    CREATE TRIGGER terminal_record_immutable BEFORE UPDATE ON terminal_record BEGIN SELECT RAISE(ABORT, 'terminal records cannot be changed'); END;`,
  'rewrites what the first link of the chain says, switching the protection off and on again': () => `DROP TRIGGER journal_chain_immutable;
    UPDATE journal_chain SET row = NULL WHERE seq = 1;
    CREATE TRIGGER journal_chain_immutable BEFORE UPDATE ON journal_chain BEGIN SELECT RAISE(ABORT, 'the journal chain cannot be changed'); END;`,
  'hangs the second link of the chain after a different one, switching the protection off and on again': () => `DROP TRIGGER journal_chain_immutable;
    UPDATE journal_chain SET prev_hash = '${'0'.repeat(64)}' WHERE seq = 2;
    CREATE TRIGGER journal_chain_immutable BEFORE UPDATE ON journal_chain BEGIN SELECT RAISE(ABORT, 'the journal chain cannot be changed'); END;`,
  'removes the first link of the chain, switching the protection off and on again': () => `DROP TRIGGER journal_chain_kept;
    DELETE FROM journal_chain WHERE seq = 1;
    CREATE TRIGGER journal_chain_kept BEFORE DELETE ON journal_chain BEGIN SELECT RAISE(ABORT, 'the journal chain cannot be shortened'); END;`,
  "changes the first line of the third sale's terminal record and the shift number, switching the protection off and on again": () => `DROP TRIGGER terminal_record_immutable;
    UPDATE terminal_record SET line = 'AMOUNT EUR 0.01' WHERE seq = 0 AND request_id = (SELECT request_id FROM terminal_record ORDER BY rowid DESC LIMIT 1);
    CREATE TRIGGER terminal_record_immutable BEFORE UPDATE ON terminal_record BEGIN SELECT RAISE(ABORT, 'terminal records cannot be changed'); END;
    UPDATE counter SET value = 5 WHERE name = 'shift'`,
  'switches off the protection against deleting journal entries': () => 'DROP TRIGGER journal_entry_kept',
  'switches off the protection against changing terminal records': () => 'DROP TRIGGER terminal_record_immutable',
}

/** What somebody with access to the machine's disk does to the record of the chain's last link, kept beside the database. */
const HEAD_TAMPERING: Record<string, (head: { seq: number; hash: string }) => { seq: number; hash: string }> = {
  'replaces the seal of the last link in the file beside the database': (head) => ({ seq: head.seq, hash: '0'.repeat(64) }),
}

export function tamper(store: SqliteRegisterStore, how: string, requestId: string): void {
  const head = HEAD_TAMPERING[how]
  if (head) {
    const file = `${store.path}.chain-head`
    writeFileSync(file, JSON.stringify(head(JSON.parse(readFileSync(file, 'utf8')) as { seq: number; hash: string })))
    return
  }
  const sql = TAMPERING[how]
  if (!sql) throw new Error(`no tampering called "${how}"; known: ${[...Object.keys(TAMPERING), ...Object.keys(HEAD_TAMPERING)].join('; ')}`)
  store.rawExecute(sql(requestId))
}

/** What an attempt to change or delete through the storage itself runs into. */
export function directWriteRefusals(store: SqliteRegisterStore, requestId: string): string[] {
  const attempts = [
    `DELETE FROM journal_entry WHERE request_id = '${requestId}'`,
    'UPDATE journal_chain SET row = NULL WHERE seq = 1',
    'DELETE FROM journal_chain WHERE seq = 1',
  ]
  return attempts.map((sql) => {
    try {
      store.rawExecute(sql)
      return 'allowed'
    } catch (error) {
      return (error as Error).message
    }
  })
}
