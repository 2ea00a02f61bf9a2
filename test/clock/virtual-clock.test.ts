import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sleep, TimeoutError, withTimeout } from '../../src/clock/clock'
import { driveFor, driveUntilSettled, SimulationStalled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'

describe('virtual clock', () => {
  it('fires timers in due order, ties in the order they were set', () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    clock.setTimer(20, () => fired.push('b'))
    clock.setTimer(10, () => fired.push('a'))
    clock.setTimer(20, () => fired.push('c'))
    while (clock.fireNext()) { /* run all */ }
    assert.deepEqual(fired, ['a', 'b', 'c'])
    assert.equal(clock.now(), 20)
  })

  it('skips cancelled timers', () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    clock.setTimer(5, () => fired.push('kept'))
    clock.setTimer(1, () => fired.push('cancelled')).cancel()
    while (clock.fireNext()) { /* run all */ }
    assert.deepEqual(fired, ['kept'])
  })

  it('runs a two-minute wait in no real time', async () => {
    const clock = new VirtualClock(0)
    const started = performance.now()
    await driveUntilSettled(clock, sleep(clock, 120_000), { what: 'a long wait' })
    assert.equal(clock.now(), 120_000)
    assert.ok(performance.now() - started < 1000)
  })

  it('says clearly when nothing more can happen instead of hanging', async () => {
    const clock = new VirtualClock(0)
    await assert.rejects(driveUntilSettled(clock, new Promise(() => undefined), { what: 'the payment' }), (e) => e instanceof SimulationStalled && /the payment is still waiting/.test(e.message))
  })

  it('gives up on work that outlives the virtual time limit', async () => {
    const clock = new VirtualClock(0)
    const tick = (): void => { clock.setTimer(1000, tick) }
    tick()
    await assert.rejects(driveUntilSettled(clock, new Promise(() => undefined), { what: 'the loop', limitMs: 10_000 }), /did not finish within/)
  })

  it('times out work on the clock, and cancels the timer when work wins', async () => {
    const clock = new VirtualClock(0)
    await assert.rejects(driveUntilSettled(clock, withTimeout(clock, new Promise(() => undefined), 30_000, 'PIN entry'), { what: 'x' }), (e) => e instanceof TimeoutError && e.message === 'PIN entry: no answer within 30 s')
    assert.equal(await driveUntilSettled(clock, withTimeout(clock, Promise.resolve(7), 30_000, 'x'), { what: 'x' }), 7)
    assert.equal(clock.nextDueAt(), undefined)
  })

  it('lets time pass, firing what falls due', async () => {
    const clock = new VirtualClock(0)
    let fired = false
    clock.setTimer(500, () => { fired = true })
    await driveFor(clock, 1000)
    assert.equal(fired, true)
    assert.equal(clock.now(), 1000)
  })
})
