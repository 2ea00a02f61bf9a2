// The second register: python-pos's own unit tests, then driver:check against it with the simulated
// terminal, both as separate processes on ports they chose themselves and printed.
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { ConformanceCheck, type CheckResult } from '../../src/integration/conformance'
import { money } from '../../src/opi/money'

const ROOT = join(__dirname, '..', '..')
const POS_DIR = join(ROOT, 'examples', 'python-pos')

/** Resolves with the first capture of `pattern` in the process's output; fails when the process ends first. */
function announced(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen: string[] = []
    const timer = setTimeout(() => reject(new Error(`${what} did not say where it listens within 10 s:\n${seen.join('\n')}`)), 10_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      seen.push(line)
      const m = pattern.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`${what} ended (${code}) before it listened:\n${seen.join('\n')}`)))
  })
}

describe('python-pos', () => {
  it('passes its own unit tests', () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], { cwd: POS_DIR, encoding: 'utf8', timeout: 30_000 })
    assert.equal(run.status, 0, run.stderr)
  })

  describe('against the simulated terminal', () => {
    const children: ChildProcess[] = []
    let results: CheckResult[]

    before(async () => {
      const pos = spawn('python3', ['-u', 'pos.py', '--terminal', '-', '--device-listen', '127.0.0.1:0', '--driver-listen', '127.0.0.1:0'], { cwd: POS_DIR, stdio: ['pipe', 'pipe', 'inherit'] })
      children.push(pos)
      const devices = await announced(pos, /^devices (\S+)$/, 'python-pos')
      const driver = announced(pos, /^driver (\S+)$/, 'python-pos')
      const terminal = spawn(process.execPath, [join(ROOT, 'bin', 'ccv-terminal.cjs'), '--port', '0', '--ecr-port', devices.split(':').at(-1)!,
        '--control', '0', '--cardholder-delay', '10', '--host-latency', '10'], { stdio: ['ignore', 'pipe', 'inherit'] })
      children.push(terminal)
      pos.stdin.end(`${await announced(terminal, /listening at (\S+);/, 'the simulated terminal')}\n`)
      const check = new ConformanceCheck({ baseUrl: await driver, timeoutMs: 5000, operationTimeoutMs: 20_000, amount: money(1234), readOnly: false })
      results = await check.run()
    })

    after(() => {
      for (const child of children) child.kill()
    })

    it('answers every attended and peripherals check of driver:check', () => {
      assert.deepEqual(results.filter((r) => r.verdict === 'failed'), [])
      assert.deepEqual(results.filter((r) => r.verdict === 'skipped').map((r) => r.name), ['(draft) GET /unattended/status answers a MachineStatus'])
    })

    it('names itself and its approval in the check results', () => {
      assert.match(results[0].detail!, /^python-pos 0\.1\.0, contract 0\.1\.0, parts attended, peripherals$/)
      assert.match(results.find((r) => r.name.startsWith('A card payment concludes'))!.detail!, /^approved \w+, RequestID \d+$/)
    })
  })
})
