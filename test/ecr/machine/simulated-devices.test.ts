import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../../src/clock/drive'
import { VirtualClock } from '../../../src/clock/virtual-clock'
import { SimulatedMeteredDevice, SimulatedVendingMachine } from '../../../src/ecr/machine/simulated-devices'
import { money } from '../../../src/opi/money'

const MINUTE = 60_000

describe('simulated metered device', () => {
  it('meters a 30-minute charge in virtual time and reports the customer stopping', async () => {
    const clock = new VirtualClock()
    const charger = new SimulatedMeteredDevice('1', 'charger', clock)
    const ended: string[] = []
    charger.willBeUsed({ startsAfterMs: MINUTE, stopsAfterMs: 30 * MINUTE, valuePerMinute: money(50) })
    charger.release(money(5000), { started: () => ended.push('started'), ended: (value, why) => ended.push(`${why} ${value.minor}`) })
    await driveFor(clock, 40 * MINUTE)
    assert.deepEqual(ended, ['started', 'customer stopped 1500'])
    assert.equal(charger.lock().minor, 1500)
  })

  it('stops by itself at the preset and never meters past it', async () => {
    const clock = new VirtualClock()
    const pump = new SimulatedMeteredDevice('2', 'pump', clock)
    const ended: string[] = []
    pump.willBeUsed({ startsAfterMs: 0, valuePerMinute: money(300) })
    pump.release(money(2000), { started: () => undefined, ended: (value, why) => ended.push(`${why} ${value.minor}`) })
    await driveFor(clock, 60 * MINUTE)
    assert.deepEqual(ended, ['preset reached 2000'])
    assert.equal(pump.lock().minor, 2000)
  })

  it('locked mid-delivery, it reports what was delivered until then', async () => {
    const clock = new VirtualClock()
    const charger = new SimulatedMeteredDevice('1', 'charger', clock)
    charger.willBeUsed({ startsAfterMs: 0, valuePerMinute: money(60) })
    charger.release(money(5000), { started: () => undefined, ended: () => assert.fail('must not end by itself') })
    await driveFor(clock, 10 * MINUTE + 30_000)
    assert.equal(charger.lock().minor, 630)
    assert.equal(charger.delivering, false)
  })

  it('delivers nothing when nobody starts', async () => {
    const clock = new VirtualClock()
    const charger = new SimulatedMeteredDevice('1', 'charger', clock)
    charger.release(money(5000), { started: () => assert.fail('nobody plugged in'), ended: () => assert.fail('nothing ran') })
    await driveFor(clock, 10 * MINUTE)
    assert.equal(charger.lock().minor, 0)
  })
})

describe('simulated vending machine', () => {
  it('drops what it has in stock and refuses an empty or jammed slot', async () => {
    const clock = new VirtualClock()
    const machine = new SimulatedVendingMachine(clock)
    machine.fill('A1', 2)
    machine.fill('B2', 5)
    machine.jammed.add('B2')
    const results = (async () => [await machine.vend('a1', 2), await machine.vend('A1', 1), await machine.vend('B2', 1)])()
    await driveFor(clock, MINUTE)
    assert.deepEqual(await results, [true, false, false])
    assert.deepEqual(machine.vended.map((v) => [v.slot, v.quantity]), [['A1', 2]])
  })
})
