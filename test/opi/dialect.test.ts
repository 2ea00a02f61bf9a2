import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dialect, DIALECTS, withQuirks } from '../../src/opi/dialect'

describe('OPI dialects', () => {
  it('defaults: NL without Login, DE with it; both dual-socket, dotted ids, UTF-8 with the namespace', () => {
    assert.deepEqual([DIALECTS.nl.channel0Port, DIALECTS.nl.channel1Port, DIALECTS.nl.loginRequired], [4100, 4102, false])
    assert.deepEqual([DIALECTS.de.channel0Port, DIALECTS.de.channel1Port, DIALECTS.de.loginRequired], [20002, 20007, true])
    for (const d of Object.values(DIALECTS)) {
      assert.deepEqual([d.socketMode, d.deviceRequestIds, d.format], ['dual', 'dotted', { encoding: 'UTF-8', namespace: true }])
    }
  })

  it('switches single quirks without touching the rest or the shared defaults', () => {
    const thales = withQuirks(dialect('de'), { socketMode: 'single', format: { encoding: 'ISO-8859-1', namespace: false } })
    assert.deepEqual([thales.socketMode, thales.format.encoding, thales.format.namespace, thales.loginRequired, thales.channel0Port], ['single', 'ISO-8859-1', false, true, 20002])
    assert.equal(DIALECTS.de.socketMode, 'dual')
    assert.equal(DIALECTS.de.format.encoding, 'UTF-8')
  })

  it('names the known dialects when asked for an unknown one', () => {
    assert.throws(() => dialect('fr'), /unknown OPI dialect "fr" \(known: nl, de\)/)
  })
})
