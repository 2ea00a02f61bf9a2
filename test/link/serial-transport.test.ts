import assert from 'node:assert/strict'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock'
import { SerialPortMock } from 'serialport'
import { isoTimestamp } from '../../src/clock/clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient } from '../../src/ecr/opi-client'
import { SerialLineBusy, SerialTransport } from '../../src/link/serial-transport'
import { TrafficMeter } from '../../src/link/traffic-meter'
import { decodeMessage, DEFAULT_WIRE_FORMAT, encodeMessage } from '../../src/opi/codec'
import { frame, FrameDecoder } from '../../src/opi/framing'
import type { OpiMessage, ServiceRequest, ServiceResponse } from '../../src/opi/messages'
import { OpiConnection } from '../../src/opi/opi-connection'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'

const ANYWHERE = { host: 'serial', port: 0 }
const status = (requestId: string): ServiceRequest => ({ kind: 'ServiceRequest', requestType: 'GetStatus', requestId, workstationId: 'VEND-1', posData: { posTimeStamp: '2026-01-15T09:00:00' } })
const statusAnswer = (requestId: string): ServiceResponse => ({ kind: 'ServiceResponse', requestType: 'GetStatus', requestId, workstationId: 'VEND-1', overallResult: 'Success' })

/** Real (mock) serial I/O completes over a few event-loop turns; wait for it, never for a fixed time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 2000; turn++) {
    if (condition()) return
    await nextTurn()
  }
  throw new Error(`${what} did not happen`)
}

/** A transport on a mock port, and the port's binding to play the far end with. */
function line(path: string, meter?: TrafficMeter) {
  let binding: MockPortBinding | undefined
  const transport = new SerialTransport({
    path, baudRate: 115200, meter,
    openPort: (p, baudRate) => {
      const port = new SerialPortMock({ path: p, baudRate })
      port.once('open', () => { binding = port.port })
      return port
    },
  })
  return { transport, far: () => binding! }
}

/** Joins two mock ports as a null-modem cable would: what one writes, the other reads. */
function nullModem(a: MockPortBinding, b: MockPortBinding): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const write = from.write.bind(from)
    from.write = async (buffer: Buffer) => {
      await write(buffer)
      to.emitData(Buffer.from(buffer))
    }
  }
}

describe('serial transport (mock binding)', () => {
  beforeEach(() => {
    MockBinding.reset()
    MockBinding.createPort('/dev/ttyECR', { record: true })
    MockBinding.createPort('/dev/ttyTERM', { record: true })
  })
  afterEach(() => MockBinding.reset())

  it('sends frames on the line and reads framed answers arriving one byte at a time', async () => {
    const { transport, far } = line('/dev/ttyECR')
    const opi = new OpiConnection(await transport.connect(ANYWHERE), { format: DEFAULT_WIRE_FORMAT })
    const received: OpiMessage[] = []
    opi.onMessage((m) => received.push(m))
    opi.send(status('1'))
    await until(() => far().recording.length > 0, 'the write')
    const [sent] = new FrameDecoder().push(new Uint8Array(far().recording))
    assert.equal(decodeMessage(sent).message.requestId, '1')
    for (const byte of frame(encodeMessage(statusAnswer('1')).bytes)) far().emitData(Buffer.of(byte))
    await until(() => received.length > 0, 'the answer')
    assert.deepEqual(received.map((m) => [m.kind, m.requestId]), [['ServiceResponse', '1']])
    await transport.closePort()
  })

  it('carries one conversation at a time; the next starts once the first is closed', async () => {
    const { transport } = line('/dev/ttyECR')
    const first = await transport.connect(ANYWHERE)
    await assert.rejects(transport.connect(ANYWHERE), SerialLineBusy)
    first.close()
    const second = await transport.connect(ANYWHERE)
    assert.equal(second.closed, false)
    await transport.closePort()
  })

  it('starts a conversation on the listening side whenever bytes arrive and none is running', async () => {
    const { transport, far } = line('/dev/ttyTERM')
    const conversations: OpiConnection[] = []
    const received: string[] = []
    const listener = await transport.listen(ANYWHERE, (connection) => {
      const opi = new OpiConnection(connection, { format: DEFAULT_WIRE_FORMAT })
      opi.onMessage((m) => { received.push(m.requestId); opi.close() })
      conversations.push(opi)
    })
    far().emitData(Buffer.from(frame(encodeMessage(status('1')).bytes)))
    await until(() => received.length === 1, 'the first request')
    far().emitData(Buffer.from(frame(encodeMessage(status('2')).bytes)))
    await until(() => received.length === 2, 'the second request')
    assert.equal(conversations.length, 2)
    await listener.close()
  })

  it('says clearly when the port does not exist, and ends a conversation with an error when the port goes away', async () => {
    await assert.rejects(line('/dev/ttyNOPE').transport.connect(ANYWHERE), /cannot open \/dev\/ttyNOPE/)
    const { transport } = line('/dev/ttyECR')
    const conversation = await transport.connect(ANYWHERE)
    const closes: (Error | undefined)[] = []
    conversation.onClose((e) => closes.push(e))
    await transport.closePort()
    await until(() => closes.length > 0, 'the close')
    assert.ok(closes[0] === undefined || closes[0] instanceof Error)
    assert.throws(() => conversation.write(Uint8Array.of(1)), /closed/)
  })

  it('runs whole conversations, device requests included, between the OPI client and the simulated terminal over a null-modem cable', async () => {
    const clock = new VirtualClock()
    const meter = new TrafficMeter()
    const ecrLine = line('/dev/ttyECR', meter)
    const terminalLine = line('/dev/ttyTERM', meter)
    const terminal = new SimulatedTerminal({
      transport: terminalLine.transport, clock, channel0: ANYWHERE, ecrDevices: ANYWHERE, format: DEFAULT_WIRE_FORMAT, seed: 3, socketMode: 'single',
    })
    await terminal.start()
    const printed: string[] = []
    const client = new OpiClient({
      transport: ecrLine.transport, clock, terminal: ANYWHERE, deviceListener: ANYWHERE, format: DEFAULT_WIRE_FORMAT,
      responseTimeoutMs: 60_000, socketMode: 'single',
    }, (request) => {
      printed.push(...request.outputs.flatMap((o) => o.textLines.map((l) => l.text)))
      return Promise.resolve({ kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success', outputs: request.outputs.map((o) => ({ target: o.target, outResult: 'Success' })) })
    })
    await ecrLine.transport.connect(ANYWHERE).then((c) => c.close()) // opens the port so the cable can be joined
    nullModem(ecrLine.far(), terminalLine.far())
    const posData = { posTimeStamp: isoTimestamp(clock.now()) }
    const circuits = await driveUntilSettled(clock, client.request({ ...status('7'), requestType: 'GetCardCircuits', posData }), { what: 'GetCardCircuits', settleIo: () => meter.settle() })
    assert.equal(circuits.overallResult, 'Success')
    assert.ok(circuits.cardCircuits?.some((c) => c.code === 'VISA'))
    // The closing report comes back as DeviceRequests on the same line, answered there.
    const closing = await driveUntilSettled(clock, client.request({ ...status('8'), requestType: 'ReconciliationWithClosure', posData }), { what: 'closing', settleIo: () => meter.settle() })
    assert.equal(closing.overallResult, 'Success')
    assert.ok(printed.includes('PERIOD CLOSING (Z)'), printed.join('\n'))
    await ecrLine.transport.closePort()
    await terminal.stop()
  })
})
