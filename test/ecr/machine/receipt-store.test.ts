import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { SqliteReceiptStore } from '../../../src/ecr/machine/receipt-store'

const dir = mkdtempSync(join(tmpdir(), 'ccv-receipts-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const HOUR = 60 * 60_000
let files = 0

function store(tokens: string[] = ['AAA', 'BBB', 'CCC', 'DDD']) {
  const queue = [...tokens]
  return new SqliteReceiptStore(join(dir, `receipts-${++files}.db`), { tokenValidityMs: 24 * HOUR, retentionMs: 30 * 24 * HOUR }, () => queue.shift() ?? 'ZZZ')
}

describe('receipt store', () => {
  it('finds a receipt by its card token or tracking token, and only that one', () => {
    const receipts = store()
    receipts.keep({ sessionId: 1, requestId: '2', lines: ['card A'], storedAtMs: 0, cardToken: 'TKA' })
    receipts.keep({ sessionId: 2, requestId: '4', lines: ['card B'], storedAtMs: 0, cardToken: 'TKB' })
    assert.deepEqual([receipts.byCard('TKA', HOUR), receipts.byTrackingToken(' BBB ', HOUR)].map((r) => ('found' in r ? r.found.lines : r.missing)), [['card A'], ['card B']])
    assert.deepEqual(receipts.byCard('TKC', HOUR), { missing: 'no receipt' })
    receipts.close()
  })

  it('never reuses a token, and a deleted or expired one finds nothing from then on', () => {
    const receipts = store(['AAA', 'AAA', 'BBB'])
    const first = receipts.keep({ sessionId: 1, requestId: '2', lines: ['a'], storedAtMs: 0 })
    const second = receipts.keep({ sessionId: 2, requestId: '4', lines: ['b'], storedAtMs: 0 })
    assert.deepEqual([first.trackingToken, second.trackingToken], ['AAA', 'BBB'])
    assert.equal(receipts.deleteTrackingToken('AAA', HOUR), true)
    assert.deepEqual(receipts.byTrackingToken('AAA', HOUR), { missing: 'no longer available' })
    assert.deepEqual(receipts.byTrackingToken('BBB', 25 * HOUR), { missing: 'no longer available' })
    assert.deepEqual(receipts.byTrackingToken('BBB', 26 * HOUR), { missing: 'no longer available' })
    receipts.close()
  })

  it('erases receipts past retention, card references and tokens with them, and logs each erasure once', () => {
    const receipts = store()
    receipts.keep({ sessionId: 1, requestId: '2', lines: ['a'], storedAtMs: 0, cardToken: 'TKA' })
    assert.deepEqual(receipts.eraseExpired(29 * 24 * HOUR), [])
    assert.equal(receipts.eraseExpired(31 * 24 * HOUR).length, 1)
    assert.equal(receipts.eraseExpired(32 * 24 * HOUR).length, 0)
    assert.deepEqual(receipts.remainsOf(1), [{ lines: null, cardToken: null, trackingToken: null }])
    assert.deepEqual([receipts.byCard('TKA', 32 * 24 * HOUR), receipts.erasures().length], [{ missing: 'no receipt' }, 1])
    receipts.close()
  })
})
