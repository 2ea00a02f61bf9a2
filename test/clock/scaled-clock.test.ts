import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScaledClock } from '../../src/clock/scaled-clock'
import { sleep } from '../../src/clock/clock'

describe('scaled clock (the simulated bench\'s time)', () => {
  it('lets bench time pass the given number of times as fast as the wall clock, timers included', async () => {
    const clock = new ScaledClock(100)
    const wallStart = performance.now()
    const benchStart = clock.now()
    await sleep(clock, 10_000)
    const wallMs = performance.now() - wallStart
    const benchMs = clock.now() - benchStart
    assert.ok(wallMs >= 95 && wallMs < 2_000, `ten bench seconds took ${wallMs} ms of wall time`)
    assert.ok(benchMs >= 9_900, `the bench clock moved ${benchMs} ms`)
  })

  it('agrees with another scaled clock of the same origin, as the register and the terminal process must', () => {
    const origin = Date.now() - 1_000
    assert.ok(Math.abs(new ScaledClock(30, origin).now() - new ScaledClock(30, origin).now()) <= 30)
    assert.ok(new ScaledClock(30, origin).now() - Date.now() >= 28_000)
  })

  it('refuses a speed it cannot keep', () => {
    assert.throws(() => new ScaledClock(0.5), /from 1 to 1000 times/)
    assert.throws(() => new ScaledClock(5000), /from 1 to 1000 times/)
  })
})
