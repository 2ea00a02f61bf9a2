import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { VirtualClock } from '../../../src/clock/virtual-clock'
import { journalTotals, PeriodClosing, SqliteClosingReports } from '../../../src/ecr/machine/period-closing'
import type { ServiceResponse } from '../../../src/opi/messages'
import { money, type Money } from '../../../src/opi/money'
import { InMemoryJournal } from '../../support/in-memory-journal'

const dir = mkdtempSync(join(tmpdir(), 'ccv-period-closing-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** A charger's shift as the machine journals it: reservations, what the completions captured, a vending sale. */
function chargerShift(): InMemoryJournal {
  const journal = new InMemoryJournal()
  let id = 0
  const entry = (requestType: string, amount: Money, cardCircuit: string, shiftNumber = 1) => {
    const requestId = String(++id)
    journal.begin({ requestId, requestType, amount, startedAtMs: 0, shiftNumber })
    journal.finish(requestId, { result: 'approved', cardCircuit })
  }
  entry('CardPreAuthorisation', money(5000), 'MAES')
  entry('CardFinancialAdvice', money(1234), 'MAES')
  entry('CardPreAuthorisation', money(5000), 'VISA')
  entry('CardFinancialAdvice', money(0), 'VISA') // released: nothing taken
  entry('CardPayment', money(250), 'MAES')
  entry('CardFinancialAdvice', money(800), 'MAES', 2) // completed after the shift changed
  return journal
}

describe('machine closing report with charger sessions', () => {
  it('counts each completion that took money, for its amount, in the shift it was sent in; reservations and releases count nothing', () => {
    assert.deepEqual(journalTotals(chargerShift(), 1), [{ cardCircuit: 'MAES', count: 2, amount: money(1484) }])
    assert.deepEqual(journalTotals(chargerShift(), 2), [{ cardCircuit: 'MAES', count: 1, amount: money(800) }])
  })

  it('matches the terminal\'s totals when they count the captured completion as a debit', async () => {
    const reports = new SqliteClosingReports(join(dir, 'machine.db'))
    const answer: ServiceResponse = {
      kind: 'ServiceResponse', requestType: 'ReconciliationWithClosure', requestId: '9', workstationId: 'M', overallResult: 'Success',
      reconciliation: { totals: [{ amount: money(1484), cardCircuit: 'MAES', paymentType: 'Debit', numberPayments: 2 }] },
    }
    const outcome = await new PeriodClosing(() => Promise.resolve(answer), chargerShift(), reports, new VirtualClock()).close(1, 'service staff')
    reports.close()
    assert.deepEqual(outcome.closed && [outcome.report.terminalTotals, outcome.report.matchesJournal], [[{ cardCircuit: 'MAES', count: 2, amount: money(1484) }], true])
  })
})
