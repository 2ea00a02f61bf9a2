import { isoTimestamp, sleep } from '../../src/clock/clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import { TcpTransport } from '../../src/link/tcp-transport'
import { TrafficMeter } from '../../src/link/traffic-meter'
import type { Transport } from '../../src/link/transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { DeviceRequestIds, SocketMode } from '../../src/opi/dialect'
import type { CardServiceRequest, DeviceRequest, PosData, ServiceRequest, ServiceRequestType } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'


export interface BenchOptions {
  /** Loopback TCP instead of the memory link. */
  tcp?: boolean
  loginRequired?: boolean
  socketMode?: SocketMode
  deviceRequestIds?: DeviceRequestIds
  /** How long the register's devices take to answer (a slow printer). Default at once. */
  deviceAnswerMs?: number
}

/**
 * A simulated terminal and the bare OPI client on one memory link and one virtual clock: for tests of
 * the protocol layer that need a real conversation but not the whole register.
 */
export async function bench(options: BenchOptions = {}) {
  const clock = new VirtualClock()
  const meter = new TrafficMeter()
  const tcp = options.tcp ? new TcpTransport({ meter }) : undefined
  const transport: Transport = tcp ?? new MemoryTransport(clock)
  const terminalAt = tcp ? await tcp.reserve() : { host: 'terminal', port: 4100 }
  const ecrAt = tcp ? await tcp.reserve() : { host: 'ecr', port: 4102 }
  const { loginRequired, socketMode, deviceRequestIds } = options
  const terminal = new SimulatedTerminal({ transport, clock, channel0: terminalAt, ecrDevices: ecrAt, format: DEFAULT_WIRE_FORMAT, seed: 7, loginRequired, socketMode, deviceRequestIds })
  await terminal.start()
  const cardholder = new ScriptedCardholder(terminal.face, clock)
  const deviceRequests: DeviceRequest[] = []
  const client = new OpiClient({
    transport, clock, terminal: terminalAt, deviceListener: ecrAt, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 330_000, socketMode: options.socketMode,
  }, async (request) => {
    deviceRequests.push(request)
    if (options.deviceAnswerMs) await sleep(clock, options.deviceAnswerMs)
    return ({
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId,
      overallResult: 'Success', outputs: request.outputs.map((o) => ({ target: o.target, outResult: 'Success' })),
    } as const)
  })
  let id = 100
  const posData = (): PosData => ({ posTimeStamp: isoTimestamp(clock.now()), languageCode: 'en', printerStatus: 'Available', journalPrinterStatus: 'Unavailable', eJournalStatus: 'Unavailable' })
  const run = <T>(work: Promise<T>) => driveUntilSettled(clock, work, { what: 'bench request', settleIo: options.tcp ? () => meter.settle() : undefined })
  return {
    clock, transport, terminal, cardholder, client, deviceRequests, ecrAt,
    stop: async () => { await client.stop(); await terminal.stop() },
    service: (requestType: ServiceRequestType, workstationId = 'LANE-1') => {
      const request: ServiceRequest = { kind: 'ServiceRequest', requestType, requestId: String(++id), workstationId, posData: posData() }
      return run(client.request(request))
    },
    /** A chip-and-PIN payment by a cardholder who has a card ready. */
    pay: (euros: number, card = 'Maestro', workstationId = 'LANE-1') => {
      cardholder.willPay({ card: cardProfile(card), entry: 'chip', pin: 'correct', reactionMs: 1000 })
      const request: CardServiceRequest = {
        kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: String(++id), workstationId, posData: posData(), totalAmount: money(Math.round(euros * 100)),
      }
      return run(client.request(request))
    },
    /** A chip-and-PIN refund to a cardholder who has a card ready. */
    refund: (euros: number, card = 'Maestro', workstationId = 'LANE-1') => {
      cardholder.willPay({ card: cardProfile(card), entry: 'chip', pin: 'correct', reactionMs: 1000 })
      const request: CardServiceRequest = {
        kind: 'CardServiceRequest', requestType: 'PaymentRefund', requestId: String(++id), workstationId, posData: posData(), totalAmount: money(Math.round(euros * 100)),
      }
      return run(client.request(request))
    },
    /** The same requests, started without waiting: for requests that overlap. */
    startService: (requestType: ServiceRequestType, workstationId = 'LANE-1') => {
      const request: ServiceRequest = { kind: 'ServiceRequest', requestType, requestId: String(++id), workstationId, posData: posData() }
      return client.request(request)
    },
    startPayment: (euros: number, workstationId = 'LANE-1') => {
      const request: CardServiceRequest = {
        kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: String(++id), workstationId, posData: posData(), totalAmount: money(Math.round(euros * 100)),
      }
      return client.request(request)
    },
    /** A card-service request without an amount (RepeatLastMessage, TicketReprint, AbortRequest). */
    cardService: (requestType: CardServiceRequest['requestType'], workstationId = 'LANE-1') => {
      const request: CardServiceRequest = { kind: 'CardServiceRequest', requestType, requestId: String(++id), workstationId, posData: posData() }
      return run(client.request(request))
    },
    run,
  }
}
