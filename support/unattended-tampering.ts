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
}

export function tamper(store: SqliteRegisterStore, how: string, requestId: string): void {
  const sql = TAMPERING[how]
  if (!sql) throw new Error(`no tampering called "${how}"; known: ${Object.keys(TAMPERING).join('; ')}`)
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
