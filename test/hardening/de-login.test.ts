// The OPI-DE terminal server wants a Login before card requests, as the scenario rig's terminal does.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runEcr } from '../../src/cli/ecr'
import { startTerminalServer } from '../../src/cli/terminal-server'
import { describeEndpoint } from '../../src/link/transport'

describe('terminal server: --dialect de', () => {
  it('refuses a payment from a workstation that has not logged in (Loggedout), and takes its Login', async () => {
    const server = await startTerminalServer({
      listen: { host: '127.0.0.1', port: 0 }, ecr: { host: '127.0.0.1', port: 0 }, dialect: 'de', seed: 3,
      cardholder: true, cardholderDelayMs: 20, card: 'maestro', entry: 'chip', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs: 10,
    }, () => undefined)
    const run = async (...args: string[]) => {
      let out = ''
      await runEcr([...args, '--dialect', 'de', '--terminal', describeEndpoint(server.channel0), '--listen', '127.0.0.1:0', '--timeout', '10'], { out: (t) => { out += t }, err: () => undefined })
      return JSON.parse(out) as { overallResult?: string }
    }
    try {
      const before = await run('pay', '10.00')
      assert.equal(before.overallResult, 'Loggedout')
      assert.equal(server.terminal.host.ledger.length, 0)
      assert.equal((await run('login')).overallResult, 'Success')
    } finally {
      await server.stop()
    }
  })
})
