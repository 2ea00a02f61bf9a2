// Stopping `npm run terminal` by its process id must stop the terminal itself and free its ports.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { describe, it } from 'node:test'

const refused = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(false) })
  socket.once('error', () => resolve(true))
})

describe('the terminal server started through npm', () => {
  it('stops, ports freed, when npm is sent SIGTERM', async () => {
    // Its own process group, so whatever happens the test ends by removing npm, the shell and the terminal.
    const npm = spawn('npm', ['run', '-s', 'terminal', '--', '--port', '0', '--control', '0', '--manual'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    try {
      let progress = ''
      npm.stdout.on('data', (chunk: Buffer) => { progress += chunk.toString() })
      const deadline = Date.now() + 20_000
      while (!/listening at 127\.0\.0\.1:(\d+)/.test(progress)) {
        if (npm.exitCode !== null || Date.now() > deadline) assert.fail(`the terminal did not start: ${progress}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      const port = Number(/listening at 127\.0\.0\.1:(\d+)/.exec(progress)![1])
      npm.kill('SIGTERM')
      const until = Date.now() + 5_000
      while (!(await refused(port)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
      assert.equal(await refused(port), true, `the terminal still listens on ${port} after npm was stopped`)
    } finally {
      try { process.kill(-npm.pid!, 'SIGKILL') } catch { /* the group is gone already, as it should be */ }
    }
  })
})
