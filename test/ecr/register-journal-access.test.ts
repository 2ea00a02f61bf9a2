import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { AttendedEcr, DEFAULT_MAX_AMOUNT } from '../../src/ecr/attended-ecr'
import { EmployeeDirectory } from '../../src/ecr/employees'
import { JournalAccessRefused } from '../../src/ecr/peripherals/journal-access'
import { SqliteRegisterStore } from '../../src/ecr/peripherals/sqlite-journal'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'

const dir = mkdtempSync(join(tmpdir(), 'ccv-register-journal-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** The attended register as deployed: its journal in a SQLite file, two employees, two approved payments. */
async function registerAfterTwoSales(file: string) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const terminalAt = { host: 'terminal', port: 4100 }
  const devicesAt = { host: 'ecr', port: 4102 }
  const terminal = new SimulatedTerminal({ transport, clock, channel0: terminalAt, ecrDevices: devicesAt, format: DEFAULT_WIRE_FORMAT, seed: 7 })
  await terminal.start()
  const store = new SqliteRegisterStore(join(dir, file))
  const employees = new EmployeeDirectory()
  employees.add('anna', 'journal-pw', ['journal'])
  employees.add('bob', 'service-pw', ['service'])
  const ecr = new AttendedEcr({
    transport, terminal: terminalAt, deviceListener: devicesAt, format: DEFAULT_WIRE_FORMAT,
    workstationId: 'LANE-1', languageCode: 'en', responseTimeoutMs: 330_000, maxAmount: DEFAULT_MAX_AMOUNT,
  }, { clock, journal: store, counters: store, accessLog: store, employees })
  await driveUntilSettled(clock, ecr.start(), { what: 'register start' })
  const cardholder = new ScriptedCardholder(terminal.face, clock)
  for (const minor of [1000, 2550]) {
    cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
    ecr.openSale(money(minor))
    assert.equal((await driveUntilSettled(clock, ecr.payByCard(), { what: 'payment' })).status, 'approved')
  }
  return { ecr, store, stop: async () => { await ecr.stop(); await terminal.stop(); store.close() } }
}

describe('attended register: the journal is sealed and opens only for the journal role', () => {
  it('opens for an employee with the journal role, refuses and logs everyone else, in the sealed store', async () => {
    const { ecr, store, stop } = await registerAfterTwoSales('access.db')
    const entries = ecr.openJournal({ user: 'anna', password: 'journal-pw' })
    assert.deepEqual(entries.map((e) => [e.amount?.minor, e.result]), [[1000, 'approved'], [2550, 'approved']])
    assert.ok(entries.every((e) => !e.maskedPan || /^\*+\d{4}$/.test(e.maskedPan)), JSON.stringify(entries.map((e) => e.maskedPan)))
    for (const credentials of [{ user: 'bob', password: 'service-pw' }, { user: 'anna', password: 'guessed' }, { user: 'cashier' }]) {
      assert.throws(() => ecr.openJournal(credentials), JournalAccessRefused)
    }
    assert.deepEqual(store.accessLog().map((a) => [a.user, a.granted, a.reason]), [
      ['anna', true, undefined], ['bob', false, 'no journal role'], ['anna', false, 'not authenticated'], ['cashier', false, 'not authenticated'],
    ])
    assert.equal(store.verifyIntegrity().intact, true)
    await stop()
  })

  it("reports a payment's amount changed directly in the register's database", async () => {
    const { store, stop } = await registerAfterTwoSales('tamper.db')
    await stop()
    const db = new Database(store.path)
    // Whoever edits the file directly can drop the protection first; the chain must still notice.
    for (const trigger of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${trigger}"`)
    db.prepare("UPDATE journal_entry SET amount_minor = 1 WHERE amount_minor = 2550").run()
    db.close()
    const reopened = new SqliteRegisterStore(store.path)
    const report = reopened.verifyIntegrity()
    reopened.close()
    assert.equal(report.intact, false)
    assert.equal(report.problems[0]?.table, 'journal_entry')
  })
})
