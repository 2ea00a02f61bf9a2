import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { SqliteRegisterStore } from '../../src/ecr/peripherals/sqlite-journal'
import { money } from '../../src/opi/money'

const dir = mkdtempSync(join(tmpdir(), 'ccv-journal-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshPath = () => join(dir, `register-${++files}.db`)

describe('SQLite register store', () => {
  it('keeps entries, their outcome and the terminal record across a reopen', () => {
    const path = freshPath()
    const store = new SqliteRegisterStore(path)
    store.begin({ requestId: '1', requestType: 'CardPayment', amount: money(1000), startedAtMs: 100, shiftNumber: 3 })
    store.appendTerminalRecord('1', ['line a', 'line b'])
    store.appendTerminalRecord('1', ['line c'])
    store.finish('1', { result: 'approved', finishedAtMs: 200, approvalCode: 'ABC123', terminalId: '12345678', maskedPan: '****0018' })
    store.close()

    const reopened = new SqliteRegisterStore(path)
    assert.deepEqual(reopened.entries(), [{
      requestId: '1', requestType: 'CardPayment', amount: money(1000), result: 'approved', startedAtMs: 100, finishedAtMs: 200, shiftNumber: 3,
      terminalId: '12345678', approvalCode: 'ABC123', cardCircuit: undefined, maskedPan: '****0018', reason: undefined, terminalRecord: ['line a', 'line b', 'line c'],
    }])
    reopened.close()
  })

  it('lists started and unknown payments as in flight after a crash, and no others', () => {
    const path = freshPath()
    const store = new SqliteRegisterStore(path)
    store.begin({ requestId: '1', requestType: 'CardPayment', amount: money(100), startedAtMs: 1 })
    store.begin({ requestId: '2', requestType: 'CardPayment', amount: money(200), startedAtMs: 2 })
    store.begin({ requestId: '3', requestType: 'CardPayment', amount: money(300), startedAtMs: 3 })
    store.finish('1', { result: 'declined' })
    store.finish('2', { result: 'unknown' })
    store.close() // no orderly shutdown of payment 3: it was in flight
    const reopened = new SqliteRegisterStore(path)
    assert.deepEqual(reopened.inFlight().map((e) => [e.requestId, e.result]), [['2', 'unknown'], ['3', 'started']])
    reopened.close()
  })

  it('never hands out a RequestID twice, even after a restart', () => {
    const path = freshPath()
    const store = new SqliteRegisterStore(path)
    const before = [store.nextRequestId(), store.nextRequestId()]
    store.close()
    const reopened = new SqliteRegisterStore(path)
    assert.deepEqual([...before, reopened.nextRequestId()], ['1', '2', '3'])
    reopened.close()
  })

  it('goes on after the RequestIDs a register before it used at the same terminal, never back', () => {
    const store = new SqliteRegisterStore(freshPath())
    store.continueRequestIdsAfter(41)
    assert.deepEqual([store.nextRequestId(), store.lastRequestId()], ['42', 42])
    store.continueRequestIdsAfter(7)
    assert.equal(store.nextRequestId(), '43')
    store.close()
  })

  it('keeps the shift across a restart', () => {
    const path = freshPath()
    const store = new SqliteRegisterStore(path)
    assert.equal(store.currentShift(), 1)
    assert.equal(store.closeShift(), 2)
    store.close()
    const reopened = new SqliteRegisterStore(path)
    assert.equal(reopened.currentShift(), 2)
    reopened.close()
  })

  it('reads journal receipts back by shift and by time, with the shift of their payment', () => {
    const store = new SqliteRegisterStore(freshPath())
    store.begin({ requestId: '1', requestType: 'CardPayment', startedAtMs: 10, shiftNumber: 1 })
    store.begin({ requestId: '2', requestType: 'CardPayment', startedAtMs: 5000, shiftNumber: 2 })
    store.keepJournalReceipt({ requestId: '1', atMs: 20, lines: ['first'] })
    store.keepJournalReceipt({ requestId: '2', atMs: 5010, lines: ['second'] })
    assert.deepEqual(store.journalReceipts({ shiftNumber: 1 }), [{ requestId: '1', atMs: 20, shiftNumber: 1, lines: ['first'] }])
    assert.deepEqual(store.journalReceipts({ fromMs: 1000, toMs: 6000 }).map((r) => r.lines), [['second']])
    assert.equal(store.journalReceipts({}).length, 2)
    store.close()
  })

  it('refuses to change or delete what the terminal sent', () => {
    const store = new SqliteRegisterStore(freshPath())
    store.begin({ requestId: '1', requestType: 'CardPayment', startedAtMs: 1 })
    store.appendTerminalRecord('1', ['APPROVED'])
    store.keepJournalReceipt({ requestId: '1', atMs: 2, lines: ['MERCHANT COPY'] })
    assert.throws(() => store.rawExecute("UPDATE terminal_record SET line = 'DECLINED'"), /cannot be changed/)
    assert.throws(() => store.rawExecute('DELETE FROM terminal_record'), /cannot be deleted/)
    assert.throws(() => store.rawExecute("UPDATE journal_receipt SET lines = '[]'"), /cannot be changed/)
    assert.throws(() => store.rawExecute('DELETE FROM journal_receipt'), /cannot be deleted/)
    assert.deepEqual(store.entries()[0].terminalRecord, ['APPROVED'])
    store.close()
  })
})
