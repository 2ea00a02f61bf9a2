// Several registers on one simulated terminal, and a device port that strangers can reach.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parseLanes, parseTerminalArgs } from '../../src/cli/ccv-terminal'
import { UsageError } from '../../src/cli/cli-args'
import { runEcr } from '../../src/cli/ecr'
import { startTerminalServer, type RunningTerminalServer } from '../../src/cli/terminal-server'
import { freePort } from '../../src/link/free-port'
import { TcpTransport } from '../../src/link/tcp-transport'
import { describeEndpoint } from '../../src/link/transport'
import { DIALECTS } from '../../src/opi/dialect'
import { OpiConnection } from '../../src/opi/opi-connection'
import { money } from '../../src/opi/money'

async function ecr(args: string[]) {
  let out = ''
  const err: string[] = []
  const code = await runEcr(args, { out: (t) => { out += t }, err: (l) => err.push(l) })
  return { code, err, json: out.startsWith('{') ? JSON.parse(out) as Record<string, unknown> : undefined }
}

describe('terminal server: one device address per workstation', () => {
  it('reads --lane <WorkstationID>=<host:port>, once per workstation', () => {
    const parsed = parseTerminalArgs(['--lane', 'LANE-2=127.0.0.1:4112', '--lane', 'LANE-3=4122'])
    assert.ok(!parsed.help)
    assert.deepEqual(parsed.options.lanes, { 'LANE-2': { host: '127.0.0.1', port: 4112 }, 'LANE-3': { host: '127.0.0.1', port: 4122 } })
    assert.throws(() => parseLanes(['LANE-2']), UsageError)
    assert.throws(() => parseLanes(['LANE-2=1', 'LANE-2=2']), /names workstation LANE-2 twice/)
  })

  let server: RunningTerminalServer
  let laneA: number
  let laneB: number
  before(async () => {
    ;[laneA, laneB] = [await freePort(), await freePort()]
    server = await startTerminalServer({
      listen: { host: '127.0.0.1', port: 0 }, ecr: { host: '127.0.0.1', port: laneA }, lanes: { 'LANE-B': { host: '127.0.0.1', port: laneB } },
      dialect: 'nl', seed: 3, cardholder: true, cardholderDelayMs: 20, card: 'maestro', entry: 'chip', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs: 10,
    }, () => undefined)
  })
  after(() => server.stop())

  it('sends each lane\'s device requests to that lane\'s register', async () => {
    const at = (port: number, workstation: string) => ['--terminal', describeEndpoint(server.channel0), '--listen', `127.0.0.1:${port}`, '--workstation', workstation, '--timeout', '20']
    const a = await ecr(['pay', '10.00', ...at(laneA, 'LANE-A')])
    const b = await ecr(['pay', '20.00', ...at(laneB, 'LANE-B')])
    assert.deepEqual([a.json?.status, b.json?.status], ['approved', 'approved'])
    const printed = (run: typeof a) => run.err.filter((l) => /EUR (10|20)\.00/.test(l) && !l.startsWith('cashier display')).length > 0
    assert.deepEqual([printed(a), printed(b)], [true, true], `lane B's register printed its own receipt:\n${b.err.join('\n')}`)
    assert.ok(b.err.includes('cashier display: Present card / 20.00 EUR'), b.err.join('\n'))
  })
})

describe('bench register: its device port', () => {
  it('refuses a device request that is not its running request\'s, says so, and prints nothing of it', async () => {
    const ecrPort = await freePort()
    let answerPayment: (() => void) | undefined
    const terminal = await new TcpTransport().listen({ host: '127.0.0.1', port: 0 }, (raw) => {
      const opi = new OpiConnection(raw, { format: DIALECTS.nl.format })
      opi.onMessage((request) => {
        if (request.kind !== 'CardServiceRequest') return
        answerPayment = () => opi.send({
          kind: 'CardServiceResponse', requestType: 'CardPayment', requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success',
          tender: { totalAmount: money(1000) },
        })
      })
    })
    const running = ecr(['pay', '10.00', '--terminal', describeEndpoint(terminal.endpoint), '--listen', `127.0.0.1:${ecrPort}`, '--request-id', '500', '--timeout', '10'])
    while (!answerPayment) await new Promise((resolve) => setTimeout(resolve, 5))
    const stranger = new OpiConnection(await new TcpTransport().connect({ host: '127.0.0.1', port: ecrPort }), { format: DIALECTS.nl.format })
    const answers: string[] = []
    stranger.onMessage((m) => answers.push(m.kind === 'DeviceResponse' ? m.overallResult : m.kind))
    stranger.send({ kind: 'DeviceRequest', requestType: 'Output', requestId: '999.1', workstationId: 'BENCH-1', outputs: [{ target: 'Printer', textLines: [{ text: 'APPROVED 999.00' }] }] })
    while (answers.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    answerPayment()
    const run = await running
    stranger.close()
    await terminal.close()
    assert.deepEqual(answers, ['DeviceUnavailable'])
    assert.ok(!run.err.some((l) => l.includes('APPROVED 999.00')), run.err.join('\n'))
    assert.ok(run.err.includes('ignored device request 999.1 of workstation BENCH-1: it does not belong to CardPayment #500 of BENCH-1'), run.err.join('\n'))
  })
})
