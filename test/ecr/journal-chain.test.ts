import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { EmployeeDirectory } from '../../src/ecr/employees'
import { JournalAccess, JournalAccessRefused } from '../../src/ecr/peripherals/journal-access'
import { SqliteRegisterStore } from '../../src/ecr/peripherals/sqlite-journal'
import { money } from '../../src/opi/money'

const dir = mkdtempSync(join(tmpdir(), 'ccv-chain-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

/** A store with three finished payments, as a register or machine leaves it after a few sales. */
function journalWithThreeSales(): SqliteRegisterStore {
  const store = new SqliteRegisterStore(join(dir, `journal-${++files}.db`))
  for (const amount of [250, 1800, 500]) {
    const requestId = store.nextRequestId()
    store.begin({ requestId, requestType: 'CardPayment', amount: money(amount), startedAtMs: amount })
    store.appendTerminalRecord(requestId, [`Amount EUR ${amount / 100}`])
    store.finish(requestId, { result: 'approved', approvalCode: 'A1B2C3', maskedPan: '****0010' })
  }
  return store
}

const linkOf = (store: SqliteRegisterStore, table: string, key: string) => {
  const report = store.verifyIntegrity()
  return report.problems.find((p) => p.table === table && p.key === key)
}

describe('tamper-evident journal', () => {
  it('is intact after ordinary use and after a reopen', () => {
    const store = journalWithThreeSales()
    assert.equal(store.verifyIntegrity().intact, true)
    store.close()
    const reopened = new SqliteRegisterStore(store.path)
    assert.deepEqual([reopened.verifyIntegrity().intact, reopened.entries().length], [true, 3])
    reopened.close()
  })

  it('reports the first broken link when an amount is changed directly', () => {
    const store = journalWithThreeSales()
    store.rawExecute("UPDATE journal_entry SET amount_minor = 100 WHERE request_id = '2'")
    const report = store.verifyIntegrity()
    assert.equal(report.intact, false)
    assert.deepEqual([report.firstBroken?.table, report.firstBroken?.key, report.firstBroken?.reason], ['journal_entry', '2', 'the row differs from what was written'])
    store.close()
  })

  it('refuses to delete an entry, and finds the deletion when the trigger is dropped and re-created', () => {
    const store = journalWithThreeSales()
    assert.throws(() => store.rawExecute("DELETE FROM journal_entry WHERE request_id = '2'"), /cannot be deleted/)
    store.rawExecute(`DROP TRIGGER journal_entry_kept; DELETE FROM journal_entry WHERE request_id = '2';
      CREATE TRIGGER journal_entry_kept BEFORE DELETE ON journal_entry BEGIN SELECT RAISE(ABORT, 'journal entries cannot be deleted'); END;`)
    assert.equal(linkOf(store, 'journal_entry', '2')?.reason, 'a row that was written is gone')
    store.close()
  })

  it('finds an entry inserted directly', () => {
    const store = journalWithThreeSales()
    store.rawExecute("INSERT INTO journal_entry (request_id, request_type, amount_minor, currency, result, started_at_ms) VALUES ('9', 'CardPayment', 100, 'EUR', 'approved', 1)")
    assert.equal(linkOf(store, 'journal_entry', '9')?.reason, 'a row that was never written through the journal')
    store.close()
  })

  it('finds a changed terminal record when its protection was switched off for the change', () => {
    const store = journalWithThreeSales()
    store.rawExecute(`DROP TRIGGER terminal_record_immutable; UPDATE terminal_record SET line = 'Amount EUR 0.01' WHERE request_id = '1';
      CREATE TRIGGER terminal_record_immutable BEFORE UPDATE ON terminal_record BEGIN SELECT RAISE(ABORT, 'terminal records cannot be changed'); END;`)
    assert.equal(linkOf(store, 'terminal_record', '1/0')?.reason, 'the row differs from what was written')
    store.close()
  })

  it('finds a chain rewritten to match a changed entry: the seal needs the key', () => {
    const store = journalWithThreeSales()
    assert.throws(() => store.rawExecute('UPDATE journal_chain SET row = NULL WHERE seq = 1'), /cannot be changed/)
    store.rawExecute(`DROP TRIGGER journal_chain_immutable; UPDATE journal_entry SET amount_minor = 100 WHERE request_id = '2';
      UPDATE journal_chain SET row = (SELECT json_array(1) ) WHERE seq = (SELECT MAX(seq) FROM journal_chain WHERE table_name = 'journal_entry' AND row_key = '2')`)
    const report = store.verifyIntegrity()
    assert.equal(report.intact, false)
    assert.match(report.problems.map((p) => p.reason).join('; '), /seal does not match/)
    assert.match(report.problems.map((p) => p.reason).join('; '), /protection journal_chain_immutable has been removed/)
    store.close()
  })

  it('finds the request counter set back', () => {
    const store = journalWithThreeSales()
    store.rawExecute("UPDATE counter SET value = value - 2 WHERE name = 'request'")
    assert.equal(linkOf(store, 'counter', 'request')?.reason, 'the row differs from what was written')
    store.close()
  })

  it('finds the end of the chain cut off together with the last entry', () => {
    const store = journalWithThreeSales()
    store.rawExecute(`DROP TRIGGER journal_chain_kept; DROP TRIGGER journal_entry_kept;
      DELETE FROM journal_chain WHERE seq > (SELECT MIN(seq) FROM journal_chain WHERE table_name = 'journal_entry' AND row_key = '3') - 2;
      DELETE FROM journal_entry WHERE request_id = '3';`)
    const report = store.verifyIntegrity()
    assert.match(report.problems.map((p) => p.reason).join('; '), /the chain ends at link \d+, but link \d+ was written/)
    store.close()
  })

  it('keeps no full card number, whatever the terminal sent', () => {
    const store = new SqliteRegisterStore(join(dir, `journal-${++files}.db`))
    store.begin({ requestId: '1', requestType: 'CardPayment', amount: money(100), startedAtMs: 1 })
    store.appendTerminalRecord('1', ['Card 5413330089600010'])
    store.finish('1', { result: 'approved', maskedPan: '5413330089600010' })
    store.keepJournalReceipt({ requestId: '1', atMs: 2, lines: ['5413 3300 8960 0010'] })
    const text = JSON.stringify([store.entries(), store.journalReceipts({})])
    assert.equal(/5413330089600010|5413 3300 8960 0010/.test(text), false)
    assert.match(text, /\*{12}0010/)
    store.close()
  })
})

describe('journal access', () => {
  const employees = new EmployeeDirectory()
  employees.add('anna', 'journal-pw', ['journal'])
  employees.add('bob', 'service-pw', ['service'])

  it('opens the journal only to an authenticated employee with the journal role, and logs every attempt', () => {
    const store = journalWithThreeSales()
    const clock = new VirtualClock(1_000)
    const access = new JournalAccess(store, store, employees, clock)
    assert.equal(access.open({ user: 'anna', password: 'journal-pw' }).length, 3)
    assert.throws(() => access.open({ user: 'bob', password: 'service-pw' }), JournalAccessRefused)
    assert.throws(() => access.open({ user: 'anna', password: 'guess' }), /not authenticated/)
    assert.throws(() => access.open({ user: 'cardholder' }), /not authenticated/)
    assert.deepEqual(store.accessLog().map((a) => [a.user, a.granted, a.reason]), [
      ['anna', true, undefined], ['bob', false, 'no journal role'], ['anna', false, 'not authenticated'], ['cardholder', false, 'not authenticated'],
    ])
    assert.throws(() => store.rawExecute('DELETE FROM journal_access WHERE granted = 0'), /cannot be deleted/)
    store.rawExecute('DROP TRIGGER journal_access_kept; DELETE FROM journal_access WHERE granted = 0')
    assert.match(store.verifyIntegrity().problems.map((p) => `${p.table} ${p.reason}`).join('; '), /journal_access a row that was written is gone.*protection journal_access_kept has been removed/)
    store.close()
  })
})
