import type { CardServiceRequestType } from '../src/opi/messages'
import type { TerminalRestartKind } from '../src/terminal/terminal-restarts'
import type { UnattendedScenario } from './unattended-scenario'

/**
 * The environment of the recovery and exception scenarios: cables, restarts, maintenance, sleep and
 * power, each at a moment the scenario names. The moments are recognised from what happens at the
 * terminal or the device, never from what the machine decides.
 */

const MINUTE = 60_000

/** Once, when the terminal receives the first request of this type, before it handles it. */
export function whenTerminalReceives(scenario: UnattendedScenario, requestType: CardServiceRequestType, act: () => void): void {
  let done = false
  scenario.rig.terminal.gates.push((request) => {
    if (!done && request.kind === 'CardServiceRequest' && request.requestType === requestType) {
      done = true
      scenario.events.push({ what: `${requestType} reached the terminal`, atMs: scenario.rig.clock.now() })
      act()
    }
    return undefined
  })
}

export function restartDuringCharge(scenario: UnattendedScenario, deviceId: string, minutes: number, kind: TerminalRestartKind): void {
  scenario.afterDeliveryMinutes(deviceId, minutes, () => void scenario.rig.terminal.restarts.restart(kind))
}

export function cableOutDuringCharge(scenario: UnattendedScenario, deviceId: string, minutes: number, forMinutes: number): void {
  scenario.afterDeliveryMinutes(deviceId, minutes, () => {
    scenario.events.push({ what: 'cable out', atMs: scenario.rig.clock.now() })
    scenario.rig.terminal.pullCable(forMinutes * MINUTE)
    scenario.rig.clock.setTimer(forMinutes * MINUTE, () => scenario.events.push({ what: 'cable back', atMs: scenario.rig.clock.now() }))
  })
}

export function cableOutAtReservation(scenario: UnattendedScenario, forMinutes: number): void {
  scenario.rig.terminal.faults.linkDrop = { moment: 'payment started', forMs: forMinutes * MINUTE }
  whenTerminalReceives(scenario, 'CardPreAuthorisation', () => {
    scenario.events.push({ what: 'cable out', atMs: scenario.rig.clock.now() })
    scenario.rig.clock.setTimer(forMinutes * MINUTE, () => scenario.events.push({ what: 'cable back', atMs: scenario.rig.clock.now() }))
  })
}

/** The terminal is switched off now and comes up after `minutes`; the machine boots meanwhile. */
export async function terminalOffUntil(scenario: UnattendedScenario, minutes: number): Promise<void> {
  const { rig } = scenario
  await rig.terminal.goAway()
  rig.clock.setTimer(minutes * MINUTE, () => {
    scenario.events.push({ what: 'terminal up', atMs: rig.clock.now() })
    void rig.terminal.comeBack()
  })
}

export type PowerFailureMoment = 'just after the reservation is asked for' | '20 minutes into the charge' | 'just after the completion is sent'

/**
 * Machine and terminal lose power together at `moment` and come back after `offForMinutes`; the
 * machine's database is read as it stood when the power went, then the machine boots and settles.
 */
export async function serveThroughPowerFailure(scenario: UnattendedScenario, moment: PowerFailureMoment, offForMinutes: number): Promise<void> {
  const { rig } = scenario
  let fail!: () => void
  const failed = new Promise<void>((resolve) => { fail = resolve })
  if (moment === '20 minutes into the charge') scenario.afterDeliveryMinutes('1', 20, fail)
  else whenTerminalReceives(scenario, moment === 'just after the completion is sent' ? 'CardFinancialAdvice' : 'CardPreAuthorisation', fail)
  scenario.startServing()
  await rig.run('the session until the power fails', () => failed)
  scenario.events.push({ what: 'power failed', atMs: rig.clock.now() })
  await rig.powerFailure(offForMinutes * MINUTE, true, () => { scenario.diskAtPowerFailure = rig.openSessionsOnDisk() })
  scenario.events.push({ what: 'machine booted', atMs: rig.clock.now() })
  await rig.run('the restarted machine', () => rig.machine.quiet())
}

/** Mains fails `minutes` into the charge on a machine with battery backup; power is back after `offForMinutes`. */
export async function serveThroughMainsFailure(scenario: UnattendedScenario, deviceId: string, minutes: number, offForMinutes: number): Promise<void> {
  const { rig } = scenario
  let fail!: () => void
  const failed = new Promise<void>((resolve) => { fail = resolve })
  scenario.afterDeliveryMinutes(deviceId, minutes, fail)
  scenario.startServing()
  await rig.run('the session until mains fails', () => failed)
  scenario.events.push({ what: 'mains failed', atMs: rig.clock.now() })
  await rig.batteryShutdown(offForMinutes * MINUTE)
  scenario.events.push({ what: 'machine booted', atMs: rig.clock.now() })
}

/** The acquirer's host cannot be reached from `minutes` into the charge on `deviceId`, for `forMinutes`: the terminal itself stays up. */
export function hostAwayDuringCharge(scenario: UnattendedScenario, deviceId: string, minutes: number, forMinutes: number): void {
  const { rig } = scenario
  scenario.afterDeliveryMinutes(deviceId, minutes, () => {
    scenario.events.push({ what: 'host away', atMs: rig.clock.now() })
    rig.terminal.host.reachable = false
    rig.clock.setTimer(forMinutes * MINUTE, () => {
      rig.terminal.host.reachable = true
      scenario.events.push({ what: 'host back', atMs: rig.clock.now() })
    })
  })
}

/** Every cardholder is served to the end; `minutes` later the machine alone is switched off and on again (the terminal stays on). */
export async function serveThenRestartMachine(scenario: UnattendedScenario, minutes: number): Promise<void> {
  const { rig } = scenario
  await scenario.serveCardholders()
  await rig.wait(minutes * MINUTE)
  scenario.events.push({ what: 'machine switched off', atMs: rig.clock.now() })
  scenario.shownBeforeRestart = rig.machine.display.history.filter((m) => m.source === 'register').map((m) => m.lines.join(' | '))
  await rig.powerFailure(MINUTE, false)
  scenario.events.push({ what: 'machine booted', atMs: rig.clock.now() })
  await rig.run('the restarted machine', () => rig.machine.quiet())
}
