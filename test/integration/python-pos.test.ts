// The second register: python-pos's own unit tests, then driver:check against it with the simulated terminal.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { ConformanceCheck, type CheckResult } from '../../src/integration/conformance'
import { money } from '../../src/opi/money'
import { POS_DIR, startPosPair, type PosPair } from './pos-processes'

describe('python-pos', () => {
  it('passes its own unit tests', () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], { cwd: POS_DIR, encoding: 'utf8', timeout: 30_000 })
    assert.equal(run.status, 0, run.stderr)
  })

  describe('against the simulated terminal', () => {
    let pair: PosPair
    let results: CheckResult[]

    before(async () => {
      pair = await startPosPair()
      const check = new ConformanceCheck({ baseUrl: pair.driverUrl, timeoutMs: 5000, operationTimeoutMs: 20_000, amount: money(1234), readOnly: false })
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
      assert.ok(pair.terminalLines.some((line) => /<- CardServiceRequest CardPayment #\d+ 12\.34 EUR/.test(line)), 'the terminal received the payment of 12.34')
    })
  })
})
