import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../../src/clock/drive'
import { VirtualClock } from '../../../src/clock/virtual-clock'
import { DailyClosingSchedule } from '../../../src/ecr/machine/closing-schedule'
import type { ClosingOutcome } from '../../../src/ecr/machine/period-closing'
import { money } from '../../../src/opi/money'

const HOUR = 60 * 60_000
const closed: ClosingOutcome = { closed: true, report: { shiftNumber: 1, closedAtMs: 0, trigger: 'scheduled', terminalTotals: [{ cardCircuit: 'MAES', count: 1, amount: money(100) }], journalTotals: [], matchesJournal: false } }

describe('daily closing schedule', () => {
  it('closes once a day at the configured time, waits for an open session, and retries a failure', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 15, 12, 0, 0))
    const at: string[] = []
    let idle = true
    let fail = false
    const schedule = new DailyClosingSchedule(clock, { atMinuteOfDay: 23 * 60, retryAfterMs: HOUR / 4 }, () => idle, () => {
      at.push(new Date(clock.now()).toISOString().slice(11, 16))
      return Promise.resolve(fail ? { closed: false, reason: 'jam' } : closed)
    }, () => undefined)
    schedule.start()
    await driveFor(clock, 12 * HOUR) // day 1, idle: 23:00
    idle = false
    await driveFor(clock, 23 * HOUR + HOUR / 2) // day 2, 23:00 passes with a session open
    idle = true
    fail = true
    await schedule.sessionEnded() // 23:30: the session ends, the closing fails
    fail = false
    await driveFor(clock, HOUR) // retried 15 minutes later
    await driveFor(clock, 2 * HOUR)
    schedule.stop()
    assert.deepEqual(at, ['23:00', '23:30', '23:45'])
  })
})
