import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor, driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { ControlApi, ControlError } from '../../src/terminal/control-api'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'
import { RESTART_PLANS } from '../../src/terminal/terminal-restarts'

function terminal() {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const t = new SimulatedTerminal({ transport, clock, channel0: { host: 't', port: 4100 }, ecrDevices: { host: 'e', port: 4102 }, format: DEFAULT_WIRE_FORMAT, seed: 1, loginRequired: true })
  return { clock, transport, t }
}

const gate = (t: SimulatedTerminal, kind: 'CardServiceRequest' | 'ServiceRequest') => {
  const request = kind === 'CardServiceRequest'
    ? { kind, requestType: 'CardPreAuthorisation', requestId: '1', workstationId: 'M', posData: {} } as const
    : { kind, requestType: 'GetStatus', requestId: '1', workstationId: 'M', posData: {} } as const
  for (const g of t.gates) { const refusal = g(request as never); if (refusal) return refusal.overallResult }
  return undefined
}

describe('terminal restarts', () => {
  it('refuses connections while away, answers DeviceUnavailable while starting, forgets every Login', async () => {
    const { clock, transport, t } = terminal()
    await t.start()
    t.sessions.login('M')
    const plan = RESTART_PLANS['daily reboot']
    const restarting = t.restarts.restart('daily reboot')
    await driveFor(clock, 1000)
    await assert.rejects(transport.connect({ host: 't', port: 4100 }))
    await driveFor(clock, plan.awayMs)
    assert.equal(gate(t, 'ServiceRequest'), 'DeviceUnavailable')
    await driveUntilSettled(clock, restarting, { what: 'the reboot' })
    assert.deepEqual([gate(t, 'ServiceRequest'), t.sessions.isLoggedIn('M')], [undefined, false])
    const entry = t.restarts.history[0]
    assert.deepEqual([entry.kind, entry.upAtMs! - entry.backAtMs!], ['daily reboot', plan.startingMs])
  })

  it('sleeps when idle: the first card request is refused while it wakes; status requests neither wake it nor are refused', async () => {
    const { clock, t } = terminal()
    t.enableSleepMode({ sleepAfterIdleMs: 60_000, wakeUpMs: 5_000 })
    await driveFor(clock, 61_000)
    assert.deepEqual([gate(t, 'ServiceRequest'), t.sleepMode?.wakeUps.length], [undefined, 0])
    assert.equal(gate(t, 'CardServiceRequest'), 'DeviceUnavailable')
    await driveFor(clock, 5_000)
    assert.deepEqual([gate(t, 'CardServiceRequest'), t.sleepMode?.wakeUps.length], [undefined, 1])
  })

  it('is reachable from the control channel, with clear refusals', async () => {
    const { t } = terminal()
    await t.start()
    const control = new ControlApi(t)
    await assert.rejects(control.perform('POST', '/terminal/restart', { kind: 'reboot now' }), (e: ControlError) => e.status === 400 && /daily reboot/.test(e.message))
    const started = await control.perform('POST', '/terminal/restart', { kind: 'client restart' })
    assert.match(String(started.body.done), /client restart started/)
    await assert.rejects(control.perform('POST', '/terminal/restart', { kind: 'client restart' }), (e: ControlError) => e.status === 409)
  })
})
