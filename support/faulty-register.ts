import { isoTimestamp, type Clock } from '../src/clock/clock'
import { OpiClient } from '../src/ecr/opi-client'
import type { Endpoint, Transport } from '../src/link/transport'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect, type Dialect } from '../src/opi/dialect'
import type { CardServiceResponse } from '../src/opi/messages'
import type { Money } from '../src/opi/money'

export interface FaultyRegister {
  log: ConversationLog
  request(requestType: 'CardPayment' | 'PaymentRefund', amount: Money): Promise<CardServiceResponse>
}

export interface FaultyRegisterWiring {
  transport: Transport
  clock: Clock
  terminal: Endpoint
  deviceListener: Endpoint
  dialect: Dialect['name']
  workstationId: string
  responseTimeoutMs: number
  /** What the terminal saw of this register's conversation: the log the Thens read. */
  witnessLog: ConversationLog
  /** Runs work to its end on the rig's time (virtual or wall clock). */
  run<T>(what: string, work: () => Promise<T>): Promise<T>
}

/**
 * A register with a bug in its amount check: its OPI client sends whatever amount it is given. It
 * stands for the integrations this suite certifies, to show what the terminal itself refuses; the same
 * stand-in in simulation and on the bench. Returns it started, and the function that stops it.
 */
export async function startFaultyRegister(wiring: FaultyRegisterWiring): Promise<{ register: FaultyRegister; stop: () => Promise<void> }> {
  const opi = dialect(wiring.dialect)
  const { clock, workstationId } = wiring
  const run = <T>(what: string, work: () => Promise<T>) => wiring.run(what, work)
  const client = new OpiClient({
    transport: wiring.transport, clock, terminal: wiring.terminal, deviceListener: wiring.deviceListener, format: opi.format,
    socketMode: opi.socketMode, responseTimeoutMs: wiring.responseTimeoutMs, log: new ConversationLog(clock),
  }, (request) => Promise.resolve({ kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success', outputs: [] }))
  await run('the faulty register starting up', () => client.start())
  if (opi.loginRequired) await run('the faulty register logging in', () => client.request({ kind: 'ServiceRequest', requestType: 'Login', requestId: '1', workstationId, posData: { posTimeStamp: isoTimestamp(clock.now()) } }))
  let id = 1
  return {
    stop: () => client.stop(),
    register: {
      log: wiring.witnessLog,
      request: (requestType, amount) => run(`the faulty register's ${requestType}`, () => client.request({
        kind: 'CardServiceRequest', requestType, requestId: String(++id), workstationId,
        posData: { posTimeStamp: isoTimestamp(clock.now()), languageCode: 'en' }, totalAmount: amount,
      })),
    },
  }
}
