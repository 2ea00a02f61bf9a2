import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock'
import { SerialPortMock } from 'serialport'
import { SystemClock } from '../../src/clock/system-clock'
import { startControlServer, type ControlServer } from '../../src/cli/control-server'
import { SerialTransport } from '../../src/link/serial-transport'
import { describeEndpoint } from '../../src/link/transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { cardProfile } from '../../src/terminal/cards'
import { ControlApi } from '../../src/terminal/control-api'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'
import { Bench, firstRequestIdOfRun } from '../../support/bench'
import { RealRig } from '../../support/real-rig'

const LINE = { host: 'serial', port: 0 }

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

/**
 * The `real` rig with `link: serial`: the same register, bench config, operator and witness as on TCP,
 * the terminal at the far end of one serial line (a mock binding joined to it by a null modem). The
 * terminal here is the simulated one, acted on through its control channel by the scripted operator.
 */
describe('the bench over a serial line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccv-serial-bench-'))
  let terminal: SimulatedTerminal
  let terminalPort: MockPortBinding | undefined
  let control: ControlServer
  let bench: Bench

  before(async () => {
    MockBinding.reset()
    MockBinding.createPort('/dev/ttyBENCH', { record: true })
    MockBinding.createPort('/dev/ttyTERMINAL', { record: true })
    terminal = new SimulatedTerminal({
      transport: new SerialTransport({
        path: '/dev/ttyTERMINAL', baudRate: 115200,
        openPort: (path, baudRate) => { const port = new SerialPortMock({ path, baudRate }); port.once('open', () => { terminalPort = port.port }); return port },
      }),
      clock: new SystemClock(), channel0: LINE, ecrDevices: LINE, format: DEFAULT_WIRE_FORMAT, seed: 5, socketMode: 'single',
    })
    terminal.host.latencyMs = 20
    await terminal.start()
    control = await startControlServer(new ControlApi(terminal), { host: '127.0.0.1', port: 0 }, () => undefined)
    const config = join(dir, 'bench.json')
    writeFileSync(config, JSON.stringify({
      link: { kind: 'serial', path: '/dev/ttyBENCH', baudRate: 115200 },
      operator: { kind: 'scripted', control: `http://${describeEndpoint(control.endpoint)}` },
      promptTimeoutsSeconds: { 'present card': 10, 'enter PIN': 10, 'remove card': 10 },
    }))
    bench = await Bench.open(config, {
      openSerialPort: (path, baudRate) => { const port = new SerialPortMock({ path, baudRate }); port.once('open', () => nullModem(port.port!, terminalPort!)); return port },
    })
  })

  after(async () => {
    await bench.close()
    await control.close()
    await terminal.stop()
    MockBinding.reset()
    rmSync(dir, { recursive: true, force: true })
  })

  it('takes a card payment over the line, with the witness on the line recording both directions', async () => {
    const rig = await RealRig.create(bench)
    try {
      await rig.start()
      rig.environment.cardholderWillPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 0 })
      rig.ecr.openSale({ minor: 1000, currency: 'EUR' })
      const outcome = await rig.run('the payment over the serial line', () => rig.ecr.payByCard())
      const wire = rig.log.entries.filter((e) => e.message).map((e) => `${e.from}: ${e.summary.replace(/ \[.*\]$/, '')}`)
      assert.deepEqual({
        status: outcome.status,
        // A real terminal's run numbers its requests from the run's start time (support/bench.ts).
        paymentOnTheLine: wire.some((line) => /^ECR: CardServiceRequest CardPayment #\d+$/.test(line)),
        answerOnTheLine: wire.some((line) => /^terminal: CardServiceResponse CardPayment #\d+ -> Success/.test(line)),
        deviceRequestsOnTheLine: wire.filter((line) => line.startsWith('terminal: DeviceRequest')).length > 3,
        channels: [...new Set(rig.log.entries.map((e) => e.channel))],
        // The removal prompt is still being answered when the payment's answer is in.
        prompts: rig.desk.steps.slice(0, 2).map((s) => `${s.prompt.kind}: ${s.answer}`),
        hostApprovals: terminal.host.ledger.filter((a) => a.decision.approved).length,
      }, {
        status: 'approved', paymentOnTheLine: true, answerOnTheLine: true, deviceRequestsOnTheLine: true, channels: [0],
        prompts: ['present card: done', 'enter PIN: done'], hostApprovals: 1,
      })
      // The witness read the line itself: the register's own log is a separate record of the same conversation.
      assert.notEqual(rig.log, rig.ownLog)
      assert.equal(rig.ownLog.entries.filter((e) => e.message?.kind === 'CardServiceRequest').length, 1)
    } finally {
      await rig.stop()
      rig.dispose()
    }
  })
})

describe('RequestIDs on a real terminal', () => {
  it('start each run above every id of the runs before it: ten a second of wall time since 2026', () => {
    const nine = Date.UTC(2026, 11, 3, 9)
    assert.equal(firstRequestIdOfRun(nine), 290_628_000)
    assert.equal(firstRequestIdOfRun(nine + 60_000) - firstRequestIdOfRun(nine), 600, 'a run a minute later starts 600 higher')
  })
})
