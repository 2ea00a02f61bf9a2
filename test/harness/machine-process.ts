// A machine controller as its own operating-system process, for the real power failure (SIGKILL) tests.
// Started with child_process.fork; reports what it does over IPC so the parent can pick the moment to kill
// it from events, never by sleeping. Everything it must remember lives in the SQLite file given as --db.
import { parseArgs } from 'node:util'
import { SystemClock } from '../../src/clock/system-clock'
import { MachineController } from '../../src/ecr/machine/machine-controller'
import { ScriptedMachineCustomers } from '../../src/ecr/machine/scripted-customer'
import { SimulatedMeteredDevice } from '../../src/ecr/machine/simulated-devices'
import { SqliteSessionStore } from '../../src/ecr/machine/sqlite-session-store'
import { SqliteRegisterStore } from '../../src/ecr/peripherals/sqlite-journal'
import { TcpTransport } from '../../src/link/tcp-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { ConversationLog, type Channel, type Party } from '../../src/opi/conversation-log'
import { money } from '../../src/opi/money'
import type { TrafficEvent } from '../../src/opi/opi-connection'

/** What the process tells its parent. */
export type MachineEvent =
  | { event: 'sent'; requestType: string; requestId: string }
  | { event: 'delivering' }
  | { event: 'in service'; recovered: number; devicePort: number }
  | { event: 'served'; state: string }
  | { event: 'failed'; message: string }

const tell = (message: MachineEvent) => process.send?.(message)

/** The conversation log, also telling the parent each request as it goes out. */
class ReportingLog extends ConversationLog {
  tap(channel: Channel, self: Party): (event: TrafficEvent) => void {
    const inner = super.tap(channel, self)
    return (event) => {
      inner(event)
      if (event.direction === 'sent' && 'message' in event && (event.message.kind === 'CardServiceRequest' || event.message.kind === 'ServiceRequest')) {
        tell({ event: 'sent', requestType: event.message.requestType, requestId: event.message.requestId })
      }
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, terminal: { type: 'string' }, listen: { type: 'string' }, serve: { type: 'boolean', default: false } } })
  if (!values.db || !values.terminal || !values.listen) throw new Error('usage: machine-process --db <file> --terminal <port> --listen <port, 0 for one of the system\'s choosing> [--serve]')
  const clock = new SystemClock()
  const sessions = new SqliteSessionStore(values.db)
  const register = new SqliteRegisterStore(values.db)
  const charger = new SimulatedMeteredDevice('1', 'charger', clock)
  // A car that draws 1.00 EUR a second from 50 ms after the release, for up to 1.5 s: seconds, not minutes, on the wall clock.
  charger.willBeUsed({ startsAfterMs: 50, stopsAfterMs: 1_500, valuePerMinute: money(6000) })
  charger.onStart(() => tell({ event: 'delivering' }))
  const machine = new MachineController({
    workstationId: 'MACHINE-1', languages: ['en'], reservation: money(5000), selectionTimeoutMs: 5_000, selectionTries: 1,
    startTimeoutMs: 5_000, maxDeliveryTimeMs: 60_000, maxQuantity: 1, maxVendTimeMs: 1_000, retryDelayMs: 100, maxAttempts: 20,
    responseTimeoutMs: 5_000, outOfOrderPollMs: 100, meterPersistIntervalMs: 100,
    transport: new TcpTransport(), terminal: { host: '127.0.0.1', port: Number(values.terminal) }, deviceListener: { host: '127.0.0.1', port: Number(values.listen) },
    format: DEFAULT_WIRE_FORMAT,
  }, { clock, log: new ReportingLog(clock), deliveryPoints: [charger], sessionStore: sessions, journal: register, counters: register })
  const open = sessions.open().length
  await machine.start()
  tell({ event: 'in service', recovered: open, devicePort: machine.deviceEndpoint!.port })
  // The parent first enters the device address in the terminal, then lets the customer in.
  if (values.serve) await new Promise<void>((resolve) => process.once('message', (message) => { if (message === 'serve') resolve() }))
  if (values.serve) {
    new ScriptedMachineCustomers(machine.panel, clock, 10).arrives({ entries: ['1'] })
    const session = await machine.serveCustomer()
    tell({ event: 'served', state: session.state })
  }
  // Stays up (as a machine does) until the parent says to stop or kills it.
  process.on('message', (message) => {
    if (message !== 'stop') return
    void machine.stop().then(() => { sessions.close(); register.close(); process.exit(0) })
  })
}

main().catch((error: unknown) => {
  tell({ event: 'failed', message: (error as Error).stack ?? String(error) })
  process.exit(1)
})
