// The second register: python-pos's own unit tests, then driver:check against it with the simulated terminal.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { ConformanceCheck, type CheckResult } from '../../src/integration/conformance'
import { DriverClient } from '../../src/integration/driver-client'
import { money } from '../../src/opi/money'
import { POS_DIR, startPosPair, type PosPair } from './pos-processes'

describe('python-pos', () => {
  it('passes its own unit tests', () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], { cwd: POS_DIR, encoding: 'utf8', timeout: 30_000 })
    assert.equal(run.status, 0, run.stderr)
  })

  it('logs in first on an OPI-DE terminal, which refuses card requests before Login, and pays', async () => {
    const pair = await startPosPair({ terminal: 'in-process', dialect: 'de' })
    try {
      const driver = new DriverClient({ baseUrl: pair.driverUrl, timeoutMs: 5000 })
      const done = await driver.concluded(await driver.startCardPayment({ amount: '10.00', currency: 'EUR' }), 20_000)
      const received = pair.terminalLines.filter((line) => line.includes('<- ')).map((line) => /<- (\w+ \w+)/.exec(line)?.[1])
      assert.deepEqual({ status: done.outcome?.status, first: received.slice(0, 2) }, { status: 'approved', first: ['ServiceRequest Login', 'CardServiceRequest CardPayment'] })
    } finally {
      await pair.stop()
    }
  })

  describe('against the simulated terminal', () => {
    let pair: PosPair
    let results: CheckResult[]

    before(async () => {
      pair = await startPosPair()
      const check = new ConformanceCheck({ baseUrl: pair.driverUrl, timeoutMs: 5000, operationTimeoutMs: 20_000, amount: money(1234), readOnly: false, terminalControl: pair.controlUrl })
      results = await check.run()
    })

    after(() => pair?.stop())

    it('answers every attended and peripherals check of driver:check', () => {
      assert.deepEqual(results.filter((r) => r.verdict === 'failed'), [])
      assert.deepEqual(results.filter((r) => r.verdict === 'skipped').map((r) => r.name), ['(draft) GET /unattended/status answers a MachineStatus'])
    })

    it('names itself and its approval in the check results', () => {
      assert.match(results[0].detail!, /^python-pos 0\.1\.0, contract 0\.1\.0, parts attended, peripherals$/)
      assert.match(results.find((r) => r.name.startsWith('A card payment concludes'))!.detail!, /^approved \w+, RequestID \d+$/)
      assert.equal(results.find((r) => r.name.startsWith('POST /attended/abort during a payment'))?.detail, 'cancelled by the cashier')
      assert.ok(pair.terminalLines.some((line) => /<- CardServiceRequest CardPayment #\d+ 12\.34 EUR/.test(line)), 'the terminal received the payment of 12.34')
    })
  })
})
