import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../../src/clock/drive'
import { VirtualClock } from '../../../src/clock/virtual-clock'
import { InMemorySessionStore } from './in-memory-session-store'
import { MachineController } from '../../../src/ecr/machine/machine-controller'
import { ScriptedMachineCustomers } from '../../../src/ecr/machine/scripted-customer'
import { SimulatedMeteredDevice } from '../../../src/ecr/machine/simulated-devices'
import { MemoryTransport } from '../../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../../src/opi/codec'
import { ConversationLog } from '../../../src/opi/conversation-log'
import { money } from '../../../src/opi/money'
import { cardProfile } from '../../../src/terminal/cards'
import { ScriptedCardholder } from '../../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../../../src/terminal/unattended/unattended-profile'
import { UnattendedScenario } from '../../../support/unattended-scenario'
import { MACHINE_DEFAULTS } from '../../../support/unattended-rig'
import { InMemoryJournal } from '../../support/in-memory-journal'

const maestro = { card: cardProfile('Maestro'), entry: 'chip' as const, pin: 'correct' as const }

async function station(chargers = 2) {
  const scenario = await UnattendedScenario.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 3 })
  await scenario.openStation('charger', chargers)
  return scenario
}

/** A machine controller whose terminal takes requests and never answers, or is not there at all. */
async function machineWithout(answering: 'silent terminal' | 'no terminal') {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  if (answering === 'silent terminal') await transport.listen({ host: 't', port: 4100 }, () => undefined)
  const charger = new SimulatedMeteredDevice('1', 'charger', clock)
  const machine = new MachineController({
    ...MACHINE_DEFAULTS, transport, terminal: { host: 't', port: 4100 }, deviceListener: { host: 'e', port: 4102 }, format: DEFAULT_WIRE_FORMAT,
  }, { clock, log: new ConversationLog(clock), journal: new InMemoryJournal(), deliveryPoints: [charger], sessionStore: new InMemorySessionStore() })
  new ScriptedMachineCustomers(machine.panel, clock, 1000).arrives({ entries: ['1'] })
  const session = await driveUntilSettled(clock, machine.serveCustomer(), { what: 'a session' })
  return { session, charger, machine }
}

describe('machine controller', () => {
  it('delivers nothing and completes nothing when the reservation is declined', async () => {
    const scenario = await station()
    scenario.rig.machine.configure({ reservation: money(5005) }) // the test host declines 50.05
    scenario.cardholderWill({ entries: ['1'], card: maestro })
    const [session] = await scenario.serveCardholders()
    assert.equal(session.state, 'declined')
    assert.deepEqual(scenario.rig.devices.map((d) => d.runs.length), [0, 0])
    assert.equal(scenario.rig.log.messages().filter((m) => m.kind === 'CardServiceRequest').length, 1)
    assert.equal(scenario.rig.machine.display.current[0], 'Payment not approved')
  })

  it('releases the charger with the approved amount as preset, not the requested one', async () => {
    const scenario = await station()
    scenario.cardholderWill({ entries: ['2'], card: maestro })
    scenario.rig.terminal.host.setAvailableFunds(maestro.card, money(1200))
    scenario.deviceWillBeUsed('2', { startsAfterMinutes: 1, minutes: 90, perMinute: money(50) })
    const [session] = await scenario.serveCardholders()
    assert.deepEqual(scenario.rig.device('2').runs.map((r) => [r.preset.minor, r.delivered.minor]), [[1200, 1200]])
    assert.deepEqual([session.approved?.minor, session.completed?.minor, session.endReason], [1200, 1200, 'limit reached'])
  })

  it('sends the chosen language and returns to the default one for the next cardholder', async () => {
    const scenario = await station()
    scenario.cardholderWill({ entries: ['1'], language: 'fr', card: maestro })
    scenario.deviceWillBeUsed('1', { startsAfterMinutes: 1, minutes: 5, perMinute: money(50) })
    await scenario.serveCardholders()
    const languages = scenario.rig.log.messages().flatMap((m) => (m.kind === 'CardServiceRequest' ? [m.posData.languageCode] : []))
    assert.deepEqual(languages, ['fr', 'fr'])
    assert.equal(scenario.rig.machine.panel.language, 'en')
  })

  it('does not offer a charger that is busy with a running session', async () => {
    const scenario = await station()
    scenario.cardholderWill({ entries: ['1'], card: maestro })
    scenario.deviceWillBeUsed('1', { startsAfterMinutes: 1, minutes: 30, perMinute: money(50) })
    scenario.cardholderWill({ entries: ['1', '2'], card: { ...maestro, card: cardProfile('Visa') } })
    scenario.deviceWillBeUsed('2', { startsAfterMinutes: 1, minutes: 10, perMinute: money(50) })
    const sessions = await scenario.serveCardholders()
    assert.deepEqual(sessions.map((s) => [s.device, s.state]), [['1', 'completed'], ['2', 'completed']])
    assert.ok(scenario.rig.machine.display.history.some((m) => /not available/i.test(m.lines[0])))
  })

  it('calls a reservation whose answer never came "result unknown" and releases no charger', async () => {
    const { session, charger, machine } = await machineWithout('silent terminal')
    assert.equal(session.state, 'result unknown')
    assert.equal(charger.runs.length, 0)
    assert.deepEqual(machine.journal.entries().map((e) => e.result), ['unknown'])
  })

  it('tells the cardholder nothing was charged when the terminal cannot be reached, then shows out of order', async () => {
    const { session, charger, machine } = await machineWithout('no terminal')
    assert.equal(session.state, 'refused')
    assert.equal(charger.runs.length, 0)
    assert.deepEqual(machine.display.history.slice(-2).map((m) => m.lines[0]), ['Nothing charged', 'Card payment temporarily out of order'])
    assert.equal(machine.availability.inService, false)
  })
})

describe('machine controller selling products', () => {
  it('answers "not delivered" before the terminal gives up when a vend hangs, so the payment is reversed', async () => {
    const scenario = await UnattendedScenario.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 3 })
    await scenario.openVendingMachine([{ code: 'A1', name: 'Cola', price: money(250), enabled: true }])
    scenario.rig.vending.vend = () => new Promise(() => undefined) // the mechanism never reports back
    scenario.cardholderWill({ entries: ['A1', '1', 'yes'], card: { card: cardProfile('Maestro'), entry: 'contactless', pin: 'none' } })
    const [session] = await scenario.serveCardholders()
    const answers = scenario.rig.log.messages().flatMap((m) => (m.kind === 'DeviceResponse' && m.outputs.some((o) => o.target === 'DeliveryBox') ? [m.overallResult] : []))
    assert.deepEqual(answers, ['Failure'])
    assert.deepEqual([session.state, scenario.rig.machine.display.current[0]], ['not delivered', 'Nothing charged'])
    assert.equal(scenario.rig.terminal.host.approvedTotal(), 0)
  })
})

describe('machine controller owing a completion', () => {
  it('keeps a completion the terminal never received and sends it once after a restart', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    const ends = { terminal: { host: 't', port: 4100 }, deviceListener: { host: 'e', port: 4102 } }
    const terminal = new SimulatedTerminal({ transport, clock, channel0: ends.terminal, ecrDevices: ends.deviceListener, format: DEFAULT_WIRE_FORMAT, seed: 5, settings: UNATTENDED_TERMINAL_SETTINGS })
    await terminal.start()
    new ScriptedCardholder(terminal.face, clock).willPay({ ...maestro, reactionMs: 1000 })
    const charger = new SimulatedMeteredDevice('1', 'charger', clock)
    charger.willBeUsed({ startsAfterMs: 60_000, stopsAfterMs: 10 * 60_000, valuePerMinute: money(50) })
    charger.onStart(() => clock.setTimer(5 * 60_000, () => void terminal.stop())) // the terminal goes away mid-delivery
    const sessionStore = new InMemorySessionStore()
    const config = { ...MACHINE_DEFAULTS, transport, ...ends, format: DEFAULT_WIRE_FORMAT }
    const before = new MachineController(config, { clock, journal: new InMemoryJournal(), deliveryPoints: [charger], sessionStore })
    new ScriptedMachineCustomers(before.panel, clock, 1000).arrives({ entries: ['1'] })
    const session = await driveUntilSettled(clock, before.serveCustomer(), { what: 'a session' })
    assert.equal(session.state, 'completing')
    assert.deepEqual(sessionStore.open().map((s) => [s.state, s.completionOwed?.minor]), [['completing', 500]])
    assert.equal(terminal.host.reservations[0].state, 'open')

    await before.stop()
    await terminal.start()
    const log = new ConversationLog(clock)
    const after = new MachineController(config, { clock, log, journal: new InMemoryJournal(), deliveryPoints: [charger], sessionStore })
    await driveUntilSettled(clock, after.start(), { what: 'the restart that sends the owed completion' })
    assert.deepEqual(terminal.host.reservations.map((r) => [r.state, r.captured?.minor]), [['captured', 500]])
    assert.deepEqual(sessionStore.open(), [])
    assert.equal(log.messages().filter((m) => m.kind === 'CardServiceRequest' && m.requestType === 'CardFinancialAdvice').length, 1)
  })
})
