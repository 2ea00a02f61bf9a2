import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { after, describe, it } from 'node:test'
import { listenAt } from '../../src/link/listen'
import type { Endpoint } from '../../src/link/transport'
import { ConversationLog } from '../../src/opi/conversation-log'
import { frame } from '../../src/opi/framing'
import { OpiProxy } from '../../src/proxy/opi-proxy'
import type { WitnessRecord } from '../../src/proxy/wire-reader'
import { recordInto } from '../../src/proxy/witness-log'
import { SystemClock } from '../../src/clock/system-clock'
import { parseProxyArgs } from '../../src/cli/ccv-proxy'
import { UsageError } from '../../src/cli/cli-args'

const LOOPBACK = { host: '127.0.0.1', port: 0 }
const request = (id: string) => frame(Buffer.from(`<ServiceRequest RequestType="GetStatus" RequestID="${id}" WorkstationID="W"><POSdata><POSTimeStamp>2026-01-01T00:00:00</POSTimeStamp></POSdata></ServiceRequest>`))
const answer = (id: string) => frame(Buffer.from(`<ServiceResponse RequestType="GetStatus" RequestID="${id}" WorkstationID="W" OverallResult="Success"/>`))
const deviceRequest = frame(Buffer.from('<DeviceRequest RequestType="Output" RequestID="1.1" WorkstationID="W"><Output OutDeviceTarget="CashierDisplay"><TextLine>Present card</TextLine></Output></DeviceRequest>'))

/** A far end that keeps every byte it received and answers each chunk with `reply`. */
async function farEnd(reply: (received: Buffer) => Uint8Array | undefined): Promise<{ at: Endpoint; received: Buffer[]; server: Server }> {
  const received: Buffer[] = []
  const server = createServer((socket) => socket.on('data', (chunk: Buffer) => {
    received.push(chunk)
    const out = reply(chunk)
    if (out) socket.write(out)
  }))
  return { at: await listenAt(server, LOOPBACK), received, server }
}

async function readUntil(socket: Socket, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  while (size < bytes) {
    const [chunk] = (await once(socket, 'data')) as [Buffer]
    chunks.push(chunk)
    size += chunk.length
  }
  return Buffer.concat(chunks)
}

const until = async (condition: () => boolean) => { while (!condition()) await new Promise((r) => setTimeout(r, 5)) }

describe('OPI recording proxy', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  after(async () => { for (const c of cleanup.reverse()) await c() })

  async function rig(terminalReply: (received: Buffer) => Uint8Array | undefined) {
    const terminal = await farEnd(terminalReply)
    const ecr = await farEnd(() => undefined)
    const proxy = new OpiProxy({ listen: LOOPBACK, terminal: terminal.at, devices: LOOPBACK, ecrDevices: ecr.at })
    const records: WitnessRecord[] = []
    proxy.onRecord((r) => records.push(r))
    const at = await proxy.start()
    cleanup.push(() => proxy.stop(), () => { terminal.server.close() }, () => { ecr.server.close() })
    return { terminal, ecr, proxy, records, at }
  }

  it('forwards both directions of channel 0 byte for byte and records each message with who sent it', async () => {
    const { terminal, records, at } = await rig(() => answer('7'))
    const register = connect(at.channel0.port, at.channel0.host)
    register.write(request('7'))
    const back = await readUntil(register, answer('7').length)
    register.end()
    await until(() => records.some((r) => r.closed))
    assert.deepEqual(back, Buffer.from(answer('7')))
    assert.deepEqual(Buffer.concat(terminal.received), Buffer.from(request('7')))
    assert.deepEqual(records.map((r) => [r.channel, r.from, r.message?.kind, r.message?.requestId, r.closed ?? false]), [
      [0, 'ECR', 'ServiceRequest', '7', false], [0, 'terminal', 'ServiceResponse', '7', false], [0, 'ECR', undefined, undefined, true],
    ])
    assert.ok(records.every((r) => Math.abs(r.atMs - Date.now()) < 60_000), 'wall-clock timestamps')
  })

  it('puts armed noise only on the register\'s copy of the answer, and records the answer as the terminal sent it', async () => {
    const sent = frame(Buffer.from('<ServiceResponse RequestType="GetStatus" RequestID="8" WorkstationID="W" OverallResult="Success"></ServiceResponse>'))
    const { records, proxy, at } = await rig(() => sent)
    proxy.noiseTowardsRegister.garbleNext('ServiceResponse')
    const register = connect(at.channel0.port, at.channel0.host)
    register.write(request('8'))
    const back = await readUntil(register, sent.length)
    register.end()
    await until(() => records.some((r) => r.closed))
    assert.equal(back.length, sent.length, 'the length prefix still fits')
    assert.equal(back.subarray(4).toString(), Buffer.from(sent).subarray(4).toString().replace('</ServiceResponse>', '</SXrviceResponse>'))
    assert.deepEqual(records.filter((r) => r.from === 'terminal' && r.message).map((r) => [r.message?.kind, r.message?.requestId, r.problem]), [['ServiceResponse', '8', undefined]])
  })

  it('passes the terminal\'s device requests on to the register on channel 1', async () => {
    const { ecr, records, at } = await rig(() => undefined)
    const terminalSide = connect(at.devices.port, at.devices.host)
    terminalSide.write(deviceRequest)
    await until(() => Buffer.concat(ecr.received).length === deviceRequest.length)
    terminalSide.end()
    assert.deepEqual(Buffer.concat(ecr.received), Buffer.from(deviceRequest))
    await until(() => records.length > 0)
    assert.deepEqual(records.map((r) => [r.channel, r.from, r.message?.kind]).slice(0, 1), [[1, 'terminal', 'DeviceRequest']])
  })

  it('passes the terminal\'s calls for a further workstation to that lane\'s register, its records marked with the workstation', async () => {
    const terminal = await farEnd(() => undefined)
    const lane1 = await farEnd(() => undefined)
    const lane2 = await farEnd(() => undefined)
    const proxy = new OpiProxy({ listen: LOOPBACK, terminal: terminal.at, devices: LOOPBACK, ecrDevices: lane1.at, lanes: { 'LANE-2': { devices: LOOPBACK, ecrDevices: () => lane2.at } } })
    const records: WitnessRecord[] = []
    proxy.onRecord((r) => records.push(r))
    const at = await proxy.start()
    cleanup.push(() => proxy.stop(), () => { terminal.server.close() }, () => { lane1.server.close() }, () => { lane2.server.close() })
    const forLane2 = frame(Buffer.from('<DeviceRequest RequestType="Output" RequestID="4.1" WorkstationID="LANE-2"><Output OutDeviceTarget="CashierDisplay"><TextLine>Present card</TextLine></Output></DeviceRequest>'))
    const terminalSide = connect(at.lanes['LANE-2'].port, at.lanes['LANE-2'].host)
    terminalSide.write(forLane2)
    await until(() => Buffer.concat(lane2.received).length === forLane2.length)
    terminalSide.end()
    await until(() => records.some((r) => r.closed))
    assert.deepEqual([lane1.received.length, Buffer.concat(lane2.received)], [0, Buffer.from(forLane2)])
    assert.deepEqual(records.map((r) => [r.channel, r.from, r.message?.kind, r.workstation]), [[1, 'terminal', 'DeviceRequest', 'LANE-2'], [1, 'terminal', undefined, 'LANE-2']])
  })

  it('forwards a message it cannot read, records why, and reads the next one', async () => {
    const { terminal, records, at } = await rig(() => undefined)
    const register = connect(at.channel0.port, at.channel0.host)
    const garbage = frame(Buffer.from('<not xml'))
    register.write(Buffer.concat([garbage, request('8')]))
    await until(() => records.length >= 2 && Buffer.concat(terminal.received).length >= garbage.length + request('8').length)
    assert.deepEqual(Buffer.concat(terminal.received), Buffer.concat([garbage, request('8')]))
    assert.match(records[0].problem ?? '', /./)
    assert.equal(records[0].message, undefined)
    assert.equal(records[1].message?.requestId, '8')
    register.destroy()
  })

  it('keeps forwarding after a broken length prefix, recording the break once', async () => {
    const { terminal, records, at } = await rig(() => undefined)
    const register = connect(at.channel0.port, at.channel0.host)
    const broken = Buffer.from([0, 0, 0, 0, 1, 2, 3])
    register.write(broken)
    await until(() => Buffer.concat(terminal.received).length >= broken.length)
    register.write(request('9'))
    await until(() => Buffer.concat(terminal.received).length >= broken.length + request('9').length)
    assert.deepEqual(records.map((r) => /length prefix is zero/.test(r.problem ?? '')), [true])
    register.destroy()
    const next = connect(at.channel0.port, at.channel0.host)
    next.write(request('10'))
    await until(() => records.some((r) => r.message?.requestId === '10'))
    next.destroy()
  })

  it('closes the register\'s connection and says so when the terminal refuses it', async () => {
    const ecrSide = createServer()
    const refusing = await listenAt(ecrSide, LOOPBACK)
    cleanup.push(() => { ecrSide.close() })
    const proxy = new OpiProxy({ listen: LOOPBACK, terminal: { host: '127.0.0.1', port: 1 }, devices: LOOPBACK, ecrDevices: refusing })
    const records: WitnessRecord[] = []
    proxy.onRecord((r) => records.push(r))
    const at = await proxy.start()
    cleanup.push(() => proxy.stop())
    const register = connect(at.channel0.port, at.channel0.host)
    await once(register, 'close')
    await until(() => records.length > 0)
    assert.deepEqual(records.map((r) => [r.from, r.closed, /refused the connection at 127\.0\.0\.1:1/.test(r.problem ?? '')]), [['terminal', true, true]])
  })

  it('records nothing as sent to a register that refuses the terminal\'s call-back: it never crossed the wire (H2A)', async () => {
    const gone = createServer()
    const registerOff = await listenAt(gone, LOOPBACK)
    await new Promise<void>((closed) => gone.close(() => closed()))
    const proxy = new OpiProxy({ listen: LOOPBACK, terminal: { host: '127.0.0.1', port: 1 }, devices: LOOPBACK, ecrDevices: registerOff })
    const records: WitnessRecord[] = []
    proxy.onRecord((r) => records.push(r))
    const at = await proxy.start()
    cleanup.push(() => proxy.stop())
    const terminal = connect(at.devices.port, at.devices.host)
    terminal.on('error', () => undefined)
    terminal.write(deviceRequest)
    await once(terminal, 'close')
    await until(() => records.length > 0)
    assert.deepEqual(records.map((r) => ({ from: r.from, message: r.message?.kind, closed: r.closed, notPassedOn: /register refused the connection.*bytes from the terminal were not passed on/.test(r.problem ?? '') })), [
      { from: 'ECR', message: undefined, closed: true, notPassedOn: true },
    ])
  })

  it('refuses the register as a switched-off terminal does once it finds the terminal takes no connections, and opens again', async () => {
    const { proxy, at, terminal, records } = await rig((chunk) => (chunk.includes('RequestID="1"') ? answer('1') : undefined))
    const terminalAt = terminal.at
    assert.equal(await proxy.standDown(), false, 'the terminal still listens: nothing changes')
    await new Promise<void>((closed) => terminal.server.close(() => closed()))
    assert.equal(await proxy.standDown(), true)
    const refused = connect(at.channel0.port, at.channel0.host)
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException]
    assert.equal(error.code, 'ECONNREFUSED')
    assert.match(records.at(-1)?.problem ?? '', new RegExp(`the terminal at 127\\.0\\.0\\.1:${terminalAt.port} takes no connections`))
    await proxy.standUp()
    const again = connect(at.channel0.port, at.channel0.host)
    await once(again, 'connect')
    again.destroy()
  })

  it('feeds the conversation log the scenarios read', async () => {
    const { records, at, proxy } = await rig(() => answer('11'))
    const log = new ConversationLog(new SystemClock())
    const stop = recordInto(log, (l) => proxy.onRecord(l))
    const register = connect(at.channel0.port, at.channel0.host)
    register.write(request('11'))
    await readUntil(register, answer('11').length)
    stop()
    register.destroy()
    assert.deepEqual(log.entries.map((e) => [e.from, e.summary]), [['ECR', 'ServiceRequest GetStatus #11'], ['terminal', 'ServiceResponse GetStatus #11 -> Success']])
    assert.ok(records.length >= 2)
  })
})

describe('ccv-proxy command line', () => {
  it('reads where to listen and where to forward, with loopback defaults', () => {
    const command = parseProxyArgs(['--terminal', '192.168.1.50:4100', '--ecr', '4102'])
    assert.ok(!command.help)
    assert.deepEqual([command.options.terminal, command.options.ecrDevices, command.options.listen, command.options.devices], [
      { host: '192.168.1.50', port: 4100 }, { host: '127.0.0.1', port: 4102 }, { host: '127.0.0.1', port: 4100 }, { host: '127.0.0.1', port: 4102 },
    ])
  })

  it('says what is missing or wrong before it starts anything', () => {
    assert.throws(() => parseProxyArgs(['--ecr', '4102']), /--terminal <host:port> is required/)
    assert.throws(() => parseProxyArgs(['--terminal', 'x:1']), /--ecr <host:port> is required/)
    assert.throws(() => parseProxyArgs(['--terminal', 'x:99999', '--ecr', '1']), /--terminal must be host:port/)
    assert.throws(() => parseProxyArgs(['--terminal', 'x:1', '--ecr', '1', '--colour']), UsageError)
    assert.throws(() => parseProxyArgs(['--terminal', 'x:1', '--ecr', '1', '--lane', 'LANE-2=4112']), /--lane LANE-2=4112: give <workstation>=/)
  })

  it('takes a further register at the same terminal per --lane', () => {
    const command = parseProxyArgs(['--terminal', 'x:1', '--ecr', '1', '--lane', 'LANE-2=4112,192.168.1.21:4102'])
    assert.ok(!command.help)
    assert.deepEqual(command.options.lanes, { 'LANE-2': { devices: { host: '127.0.0.1', port: 4112 }, ecrDevices: { host: '192.168.1.21', port: 4102 } } })
  })
})
