import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SqliteRegisterStore } from '../../../src/ecr/peripherals/sqlite-journal'
import { MachineProcessBench, type KillMoment } from '../../../support/unattended-machine-process'

// The real power failure: the machine controller is its own process, killed with SIGKILL at a moment it
// reported itself; a fresh process on the same database file settles what was open.

async function killAt(moment: KillMoment) {
  const bench = await MachineProcessBench.create()
  try {
    const outcome = await bench.powerFailure(moment)
    const journal = new SqliteRegisterStore(bench.db)
    const inFlight = journal.inFlight().map((e) => e.requestType)
    journal.close()
    return { ...outcome, host: bench.terminal.host, inFlight }
  } finally {
    await bench.dispose()
  }
}

describe('machine controller killed with SIGKILL (a real power failure)', () => {
  it('after the reservation was sent: the fresh process learns the answer and leaves nothing reserved', async () => {
    const { host, onDiskAtKill, openAfterRestart, inFlight, second } = await killAt('just after the reservation is asked for')
    assert.deepEqual(onDiskAtKill.map((s) => [s.state, s.awaitingRequestId !== undefined]), [['authorising', true]])
    assert.deepEqual(host.reservations.filter((r) => r.state === 'open'), [])
    assert.ok(host.reservations.every((r) => (r.captured?.minor ?? 0) === 0), 'nothing delivered, nothing captured')
    assert.deepEqual([openAfterRestart, inFlight], [[], []])
    assert.ok(second.sent('RepeatLastMessage'), 'the fresh process asked for the lost answer')
    assert.ok(!second.sent('CardPreAuthorisation'), 'and never reserved again')
  })

  it('during delivery: completed once for the last stored meter reading, never more', async () => {
    const { host, onDiskAtKill, openAfterRestart } = await killAt('while the car charges')
    assert.equal(onDiskAtKill.length, 1)
    assert.deepEqual(host.reservations.map((r) => r.captured?.minor), [onDiskAtKill[0].metered.minor], 'captured exactly the reading stored when the power went')
    assert.ok(onDiskAtKill[0].metered.minor <= 150, 'never more than the charger could have metered in 1.5 s')
    assert.deepEqual(openAfterRestart, [])
  })

  it('after the completion was sent, before its answer: booked once, never twice', async () => {
    const { host, openAfterRestart, second } = await killAt('just after the completion is sent')
    assert.deepEqual(host.reservations.map((r) => r.state), ['captured'])
    assert.deepEqual(openAfterRestart, [])
    const resent = second.events.filter((e) => e.event === 'sent' && e.requestType === 'CardFinancialAdvice').length
    assert.ok(resent <= 1, 'at most one completion after the restart, and the host refuses a second capture anyway')
  })
})
