import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { describe, it } from 'node:test'
import { runEcr } from '../../src/cli/ecr'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

describe('the terminal server as a tester starts it', () => {
  it('takes a payment from the ECR command line and stops cleanly on SIGTERM', async () => {
    const [port, ecrPort, controlPort] = [await freePort(), await freePort(), await freePort()]
    const terminal = spawn(process.execPath, ['bin/ccv-terminal.cjs', '--port', String(port), '--ecr-port', String(ecrPort), '--control', String(controlPort), '--cardholder-delay', '20', '--host-latency', '10'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let progress = ''
    terminal.stdout.on('data', (chunk: Buffer) => { progress += chunk.toString() })
    try {
      const deadline = Date.now() + 15_000
      while (!progress.includes('listening at')) {
        if (terminal.exitCode !== null || Date.now() > deadline) assert.fail(`the terminal did not start: ${progress}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      // The register runs in this process: one started process is enough to prove the starter and the signals.
      let out = ''
      const code = await runEcr(['pay', '10.00', '--terminal', `127.0.0.1:${port}`, '--listen', `127.0.0.1:${ecrPort}`, '--timeout', '20'], { out: (t) => { out += t }, err: () => undefined })
      assert.equal(code, 0, out)
      assert.equal((JSON.parse(out) as { status: string }).status, 'approved')
    } finally {
      terminal.kill('SIGTERM')
    }
    const [code] = await once(terminal, 'exit') as [number]
    assert.equal(code, 0)
    assert.match(progress, /SIGTERM: switching off/)
    assert.match(progress, /-> CardServiceResponse CardPayment #\d+ -> Success/)
  })
})
