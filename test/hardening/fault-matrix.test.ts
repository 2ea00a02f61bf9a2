// The fault matrix: a payment, a refund and an unattended pre-authorisation with its completion, with the
// link cut, and separately the terminal power-cycled, at every message boundary of the conversation.
// The register is the project's own integration code for each conversation (fault-matrix-registers.ts
// says which, and how it is run in-process). After recovery: nothing charged twice, nothing approved lost, no reservation left
// open, and three independent witnesses agree: the host's ledger, the register's persisted record and
// the next reconciliation. On virtual time and the memory link: milliseconds per fault point.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { isoTimestamp } from '../../src/clock/clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { DeviceResponse } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import type { HostReservation } from '../../src/terminal/acquiring-host'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../../src/terminal/unattended/unattended-profile'
import { BenchRefund, MachineReservation, ReferenceEcrPayment, type MatrixRegister, type RecordedLine, type Wires } from './fault-matrix-registers'

type Fault = 'link cut' | 'power cycle'
type Conversation = 'payment' | 'refund' | 'pre-authorisation and completion'

const PAYMENT = money(1000)
const REFUND = money(750)
const RESERVATION = money(5000)
const DELIVERED = money(1234)

// Real SQLite files with the stores' own durability settings (WAL, synchronous=FULL). On a RAM-backed
// file system fsync costs nothing, which keeps 72 fresh databases inside the unit tests' time budget.
const storeRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
const storeDirs: string[] = []
after(() => storeDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function freshStoreDir(): string {
  const dir = mkdtempSync(join(storeRoot, 'ccv-fault-matrix-'))
  storeDirs.push(dir)
  return dir
}

function registerFor(conversation: Conversation, wires: Wires): MatrixRegister {
  if (conversation === 'payment') return new ReferenceEcrPayment(wires, freshStoreDir(), PAYMENT)
  if (conversation === 'refund') return new BenchRefund(wires, REFUND)
  return new MachineReservation(wires, freshStoreDir(), RESERVATION, DELIVERED)
}

async function rig(conversation: Conversation) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const wires: Wires = { transport, clock, terminal: { host: 'terminal', port: 4100 }, devices: { host: 'ecr', port: 4102 } }
  const unattended = conversation === 'pre-authorisation and completion'
  const terminal = new SimulatedTerminal({
    transport, clock, channel0: wires.terminal, ecrDevices: wires.devices, format: DEFAULT_WIRE_FORMAT, seed: 11, settings: unattended ? UNATTENDED_TERMINAL_SETTINGS : {},
  })
  await terminal.start()
  const cardholder = new ScriptedCardholder(terminal.face, clock)
  // One card, once: no register may make the cardholder pay twice, so a second presentation never comes.
  cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
  return { clock, wires, terminal, register: registerFor(conversation, wires) }
}

/** The terminal's own totals, asked for by the back office once the register has gone home. */
async function nextReconciliation(wires: Wires, what: string) {
  const backOffice = new OpiClient({ ...wires, deviceListener: wires.devices, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 60_000 }, (request) => Promise.resolve<DeviceResponse>({
    kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success',
    outputs: request.outputs.map((o) => ({ target: o.target, outResult: 'Success' })),
  }))
  const answer = await driveUntilSettled(wires.clock, (async () => {
    await backOffice.start()
    try {
      return await backOffice.request({
        kind: 'ServiceRequest', requestType: 'Reconciliation', requestId: '999', workstationId: 'LANE-1', posData: { posTimeStamp: isoTimestamp(wires.clock.now()), printerStatus: 'Unavailable' },
      })
    } finally {
      await backOffice.stop()
    }
  })(), { what: 'the next reconciliation' }).catch((error: Error) => { throw new Error(`${what}: ${error.message}`) })
  const totals = answer.reconciliation?.totals ?? []
  const sum = (type: string) => totals.filter((t) => t.paymentType === type).reduce((s, t) => s + t.amount.minor, 0)
  return { debit: sum('Debit'), credit: sum('Credit') }
}

interface Run {
  messages: number
  recorded: RecordedLine[]
  taken: number
  refunded: number
  captured: number
  reservations: HostReservation[]
  /** What the delivery point's own meter says was delivered, where the register has one. */
  metered: number
  payments: number
  reconciled: { debit: number; credit: number }
}

/** Runs the conversation, with `fault` after the `at`-th message crossed the terminal's cable (none when at is 0). */
async function runWith(conversation: Conversation, fault?: { kind: Fault; at: number }): Promise<Run> {
  const what = `${conversation} with ${fault?.kind ?? 'no fault'} at ${fault?.at ?? '-'}`
  const { clock, wires, terminal, register } = await rig(conversation)
  await driveUntilSettled(clock, register.start(), { what: `${what}: the register starting` })
  let messages = 0
  let conversing = true
  let cycling: Promise<void> | undefined
  terminal.cable.onTraffic((traffic) => {
    if (!conversing || !traffic.bytes || traffic.event !== 'out' && traffic.event !== 'in') return
    ++messages
    if (messages !== fault?.at) return
    // At once, in the same tick as the message: nothing else can happen between the message and the fault.
    if (fault.kind === 'link cut') terminal.dropLinks()
    else cycling = terminal.powerCycle()
  })
  await driveUntilSettled(clock, register.converse(), { what })
  conversing = false
  // A power cycle at the last boundary may still be under way: the terminal is back before anyone reconciles.
  await driveUntilSettled(clock, cycling ?? Promise.resolve(), { what: 'the terminal restarting' })
  await driveUntilSettled(clock, register.stop(), { what: `${what}: the register stopping` })
  const reconciled = await nextReconciliation(wires, what)
  await terminal.stop()
  const host = terminal.host
  return {
    messages,
    recorded: register.recorded(),
    taken: host.approvedTotal(),
    refunded: host.refundedTotal(),
    captured: host.reservations.reduce((s, r) => s + (r.captured?.minor ?? 0), 0),
    reservations: host.reservations.map((r) => ({ ...r })),
    metered: register.metered?.() ?? DELIVERED.minor,
    payments: host.ledger.filter((e) => e.decision.approved && !e.reversed).length,
    reconciled,
  }
}

/** What the register's record says moved, by kind. */
function recordedTotals(recorded: RecordedLine[]) {
  const approved = (kind: RecordedLine['kind']) => recorded.filter((l) => l.kind === kind && l.result === 'approved').reduce((s, l) => s + l.amount.minor, 0)
  return { taken: approved('payment'), refunded: approved('refund'), captured: approved('completion') }
}

/**
 * Every reservation the host approved ends captured for what was delivered, or released when nothing
 * was; none stays open. "Delivered" is the delivery point's own meter where the register drives one.
 */
function reservationsSettled(reservations: HostReservation[], metered: number): string[] {
  return reservations.flatMap((r) => {
    if (r.state === 'open') return [`reservation ${r.stan} of ${r.approved.minor} left open on the host`]
    if (r.state === 'captured' && r.captured?.minor !== metered) return [`reservation ${r.stan} captured ${r.captured?.minor}, delivered ${metered}`]
    if (r.state === 'released' && metered > 0) return [`reservation ${r.stan} released, but ${metered} was delivered`]
    return []
  })
}

describe('fault matrix: link cuts and power cycles at every message boundary', () => {
  const conversations: Conversation[] = ['payment', 'refund', 'pre-authorisation and completion']
  let points = 0
  const outcomes: Record<string, number> = {}
  for (const conversation of conversations) {
    it(`${conversation}: nothing charged twice, nothing approved lost, record = host ledger = next reconciliation`, async () => {
      const clean = await runWith(conversation)
      assert.ok(clean.messages > 4, `the fault-free ${conversation} has ${clean.messages} messages`)
      assert.ok(clean.recorded.length > 0 && clean.recorded.every((l) => l.result === 'approved'), JSON.stringify(clean.recorded))
      const failures: string[] = []
      for (const kind of ['link cut', 'power cycle'] as Fault[]) {
        for (let at = 1; at <= clean.messages; at++) {
          points++
          const run = await runWith(conversation, { kind, at })
          const outcome = `${conversation}: ${run.recorded.map((l) => `${l.kind} ${l.result}`).join(' + ')}`
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
          const inRecord = recordedTotals(run.recorded)
          const facts = {
            unknown: run.recorded.filter((l) => l.result === 'unknown').length,
            chargedAtMostOnce: run.payments <= (conversation === 'pre-authorisation and completion' ? 0 : 1),
            openReservations: reservationsSettled(run.reservations, run.metered),
            record: inRecord,
            host: { taken: run.taken, refunded: run.refunded, captured: run.captured },
          }
          const expected = { unknown: 0, chargedAtMostOnce: true, openReservations: [], record: facts.host, host: facts.host }
          if (JSON.stringify(facts) !== JSON.stringify(expected)) failures.push(`${kind} after message ${at}: ${JSON.stringify(facts)}`)
          // A captured completion is money taken, as a payment is: a debit in the terminal's totals.
          const reconciledAs = conversation === 'refund' ? { debit: 0, credit: inRecord.refunded } : { debit: inRecord.taken + inRecord.captured, credit: 0 }
          if (JSON.stringify(run.reconciled) !== JSON.stringify(reconciledAs)) {
            failures.push(`${kind} after message ${at}: reconciliation ${JSON.stringify(run.reconciled)} but record ${JSON.stringify(reconciledAs)}`)
          }
        }
      }
      assert.deepEqual(failures, [], `${failures.length} of ${clean.messages * 2} fault points broke an invariant`)
    })
  }
  it('counts its fault points', () => {
    // Printed for the closing note: every boundary of each conversation, once per fault kind.
    process.stdout.write(`# fault matrix: ${points} fault points; outcomes after recovery: ${JSON.stringify(outcomes)}\n`)
    assert.ok(points > 0)
  })
})
