import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { TerminalSideView } from '../../src/integration/terminal-side-view'
import type { OpiMessage } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import type { WitnessRecord } from '../../src/proxy/wire-reader'

function view() {
  const clock = new VirtualClock()
  let listener: ((record: WitnessRecord) => void) | undefined
  const wire = new TerminalSideView((l) => { listener = l; return () => { listener = undefined } }, clock)
  const pass = (from: 'ECR' | 'terminal', channel: 0 | 1, message: OpiMessage) => listener?.({ atMs: clock.now(), channel, from, message })
  return { clock, wire, pass }
}

const payment = (id: string): OpiMessage => ({ kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: id, workstationId: 'W', totalAmount: money(1000) } as OpiMessage)
const output = (id: string, target: 'CashierDisplay' | 'E-Journal', text: string): OpiMessage => ({ kind: 'DeviceRequest', requestType: 'Output', requestId: id, workstationId: 'W', outputs: [{ target, textLines: [{ text }] }] })

describe('the terminal side, as the person-operated adapter reads it', () => {
  it('gives a device output to its dotted parent, or to the card request running when the id is a plain counter', () => {
    const { wire, pass } = view()
    pass('ECR', 0, payment('41'))
    pass('terminal', 1, output('41.1', 'CashierDisplay', 'Present card'))
    pass('ECR', 0, payment('42'))
    pass('terminal', 1, output('977', 'E-Journal', 'Terminal 1'))
    assert.deepEqual(wire.outputs(['CashierDisplay', 'E-Journal']).map((o) => [o.target, o.requestId]), [['CashierDisplay', '41'], ['E-Journal', '42']])
  })

  it('finds only requests sent after the mark, and gives up waiting for an answer after the time given', async () => {
    const { clock, wire, pass } = view()
    pass('ECR', 0, payment('41'))
    const mark = wire.mark()
    assert.equal(wire.requestSince(mark, ['CardPayment']), undefined)
    pass('ECR', 0, payment('42'))
    const request = wire.requestSince(mark, ['CardPayment'])!
    assert.equal(request.requestId, '42')
    const started = clock.now()
    assert.equal(await driveUntilSettled(clock, wire.answerTo(request, 30_000), { what: 'the answer' }), undefined)
    assert.equal(clock.now() - started, 30_000)
  })
})
