// The pos profile's POS config: what the suite needs to start an integrator's POS, or a clear error.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadPosConfig, parsePosConfig } from '../../src/integration/pos-config'
import { projectRoot } from '../../src/integration/contract-schema'

describe('the POS config', () => {
  it('reads the shipped python-pos config, with the run\'s extra arguments after the command', () => {
    const config = loadPosConfig(join(projectRoot(), 'bench', 'python-pos.json'), ['--fault', 'abort-per-keypress'])
    assert.deepEqual({ first: config.start.slice(0, 3), last: config.start.slice(-2), cwd: config.cwd.endsWith(join('examples', 'python-pos')), responseTimeoutMs: config.responseTimeoutMs },
      { first: ['python3', '-u', 'pos.py'], last: ['--fault', 'abort-per-keypress'], cwd: true, responseTimeoutMs: 20_000 })
  })

  it('fills in the timeouts a config leaves out', () => {
    const config = parsePosConfig({ start: ['./pos'] }, '/tmp/pos.json')
    assert.deepEqual({ cwd: config.cwd, start: config.startTimeoutMs, response: config.responseTimeoutMs, operation: config.operationTimeoutMs, call: config.callTimeoutMs },
      { cwd: '/tmp', start: 20_000, response: 330_000, operation: 400_000, call: 5_000 })
  })

  for (const [raw, message] of [
    [[], /must be a JSON object/],
    [{}, /"start" must be the command/],
    [{ start: [] }, /"start" must be the command/],
    [{ start: ['./pos'], responseTimeoutSeconds: 0 }, /"responseTimeoutSeconds" must be seconds/],
    [{ start: ['./pos'], driver: 'http://x' }, /unknown setting "driver"/],
  ] as const) {
    it(`refuses ${JSON.stringify(raw)} and says why`, () => {
      assert.throws(() => parsePosConfig(raw, 'my-pos.json'), (error: Error) => message.test(error.message) && error.message.startsWith('POS config my-pos.json: '))
    })
  }

  it('names a missing file and where the format is described', () => {
    assert.throws(() => loadPosConfig('/nonexistent/pos.json'), /cannot read the POS config \/nonexistent\/pos.json: .*Certifying your own POS/)
  })
})
