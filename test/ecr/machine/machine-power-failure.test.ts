import assert from 'node:assert/strict'
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { SystemClock } from '../../../src/clock/system-clock'
import { SqliteSessionStore } from '../../../src/ecr/machine/sqlite-session-store'
import { SqliteRegisterStore } from '../../../src/ecr/peripherals/sqlite-journal'
import { freePort } from '../../../src/link/free-port'
import { TcpTransport } from '../../../src/link/tcp-transport'
import { DEFAULT_WIRE_FORMAT } from '../../../src/opi/codec'
import { cardProfile } from '../../../src/terminal/cards'
import { ScriptedCardholder } from '../../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../../../src/terminal/unattended/unattended-profile'
import type { MachineEvent } from '../../harness/machine-process'

// The real power failure: the machine controller is its own process, killed with SIGKILL at a moment it
// reported itself; a fresh process on the same database file settles what was open. Wall clock, so every
// wait has a limit that fails with what was awaited.

// Compiled (dist/test, as npm run test:unit runs it) the harness is JavaScript; from the sources it needs ts-node.
const COMPILED = __filename.endsWith('.js')
const HARNESS = join(__dirname, '..', '..', 'harness', COMPILED ? 'machine-process.js' : 'machine-process.ts')
const WAIT_LIMIT_MS = 20_000

class MachineProcess {
  readonly events: MachineEvent[] = []
  private readonly waiters: { match: (e: MachineEvent) => boolean; resolve: () => void }[] = []
  readonly child: ChildProcess
  readonly exited: Promise<number | null>

  constructor(args: string[]) {
    this.child = fork(HARNESS, args, { execArgv: COMPILED ? [] : ['--require', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)))
    this.child.on('message', (message: MachineEvent) => {
      this.events.push(message)
      for (const waiter of [...this.waiters]) if (waiter.match(message)) { waiter.resolve(); this.waiters.splice(this.waiters.indexOf(waiter), 1) }
    })
  }

  /** Resolves on the first event (already seen or coming) that matches; fails clearly after the limit. */
  until(what: string, match: (e: MachineEvent) => boolean): Promise<void> {
    if (this.events.some(match)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the machine process did not report "${what}" within ${WAIT_LIMIT_MS} ms; it reported: ${JSON.stringify(this.events)}`)), WAIT_LIMIT_MS)
      this.waiters.push({ match, resolve: () => { clearTimeout(timer); resolve() } })
      void this.exited.then((code) => { clearTimeout(timer); reject(new Error(`the machine process exited (${code}) before "${what}"; it reported: ${JSON.stringify(this.events)}`)) })
    })
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.exited
  }

  async stop(): Promise<void> {
    this.child.send('stop')
    await this.exited
  }
}

async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'ccv-power-'))
  const clock = new SystemClock()
  const machinePort = await freePort()
  const terminal = new SimulatedTerminal({
    transport: new TcpTransport(), clock, channel0: { host: '127.0.0.1', port: 0 }, ecrDevices: { host: '127.0.0.1', port: machinePort },
    format: DEFAULT_WIRE_FORMAT, seed: 11, settings: { ...UNATTENDED_TERMINAL_SETTINGS, cardTimeoutMs: 10_000, pinTimeoutMs: 10_000 },
  })
  terminal.host.latencyMs = 0
  await terminal.start()
  new ScriptedCardholder(terminal.face, clock).willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 20 })
  const db = join(dir, 'machine.db')
  const args = ['--db', db, '--terminal', String(terminal.cable.listening!.port), '--listen', String(machinePort)]
  return { terminal, db, args, dispose: async () => { await terminal.stop(); rmSync(dir, { recursive: true, force: true }) } }
}

/** Kills the serving machine at `moment`, boots a fresh one on the same file, and returns what the host holds then. */
async function powerFailure(moment: (m: MachineProcess) => Promise<void>) {
  const rig = await bench()
  try {
    const first = new MachineProcess([...rig.args, '--serve'])
    await moment(first)
    await first.kill()
    const onDisk = readOpen(rig.db)
    const second = new MachineProcess(rig.args)
    await second.until('in service', (e) => e.event === 'in service')
    const settled = readOpen(rig.db)
    const journal = new SqliteRegisterStore(rig.db)
    const inFlight = journal.inFlight().map((e) => e.requestType)
    journal.close()
    await second.stop()
    return { host: rig.terminal.host, onDisk, settled, inFlight, second }
  } finally {
    await rig.dispose()
  }
}

function readOpen(db: string) {
  const store = new SqliteSessionStore(db)
  try {
    return store.open()
  } finally {
    store.close()
  }
}

describe('machine controller killed with SIGKILL (a real power failure)', () => {
  it('after the reservation was sent: the fresh process learns the answer and leaves nothing reserved', async () => {
    const { host, onDisk, settled, inFlight, second } = await powerFailure((m) => m.until('reservation sent', (e) => e.event === 'sent' && e.requestType === 'CardPreAuthorisation'))
    assert.deepEqual(onDisk.map((s) => [s.state, s.awaitingRequestId !== undefined]), [['authorising', true]])
    assert.deepEqual(host.reservations.filter((r) => r.state === 'open'), [])
    assert.ok(host.reservations.every((r) => (r.captured?.minor ?? 0) === 0), 'nothing delivered, nothing captured')
    assert.deepEqual([settled, inFlight], [[], []])
    assert.ok(second.events.some((e) => e.event === 'sent' && e.requestType === 'RepeatLastMessage'), 'the fresh process asked for the lost answer')
    assert.ok(!second.events.some((e) => e.event === 'sent' && e.requestType === 'CardPreAuthorisation'), 'and never reserved again')
  })

  it('during delivery: completed once for the last stored meter reading, never more', async () => {
    let stored = 0
    const { host, onDisk, settled } = await powerFailure(async (m) => {
      await m.until('delivering', (e) => e.event === 'delivering')
      // The moment: the meter has been written to disk at least twice.
      const path = m.child.spawnargs[m.child.spawnargs.indexOf('--db') + 1]
      for (let tries = 0; stored < 20 && tries < 2000; tries++) {
        await new Promise((resolve) => setImmediate(resolve))
        stored = readOpen(path)[0]?.metered.minor ?? 0
      }
    })
    assert.equal(onDisk.length, 1)
    const captured = host.reservations.map((r) => r.captured?.minor)
    assert.deepEqual(captured, [onDisk[0].metered.minor], 'captured exactly the reading stored when the power went')
    assert.ok(onDisk[0].metered.minor <= 150, 'never more than the charger could have metered in 1.5 s')
    assert.deepEqual(settled, [])
  })

  it('after the completion was sent, before its answer: booked once, never twice', async () => {
    const { host, settled, second } = await powerFailure((m) => m.until('completion sent', (e) => e.event === 'sent' && e.requestType === 'CardFinancialAdvice'))
    assert.deepEqual(host.reservations.map((r) => r.state), ['captured'])
    assert.deepEqual(settled, [])
    const resent = second.events.filter((e) => e.event === 'sent' && e.requestType === 'CardFinancialAdvice').length
    assert.ok(resent <= 1, 'at most one completion after the restart, and the host refuses a second capture anyway')
  })
})
