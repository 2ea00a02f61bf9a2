import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { AttendedEcr } from '../../src/ecr/attended-ecr'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { ConversationLog } from '../../src/opi/conversation-log'
import { money } from '../../src/opi/money'
import { InMemoryJournal } from '../support/in-memory-journal'

const terminal = { host: 'terminal', port: 4100 }

function ecrWith(transport: MemoryTransport, clock: VirtualClock, log = new ConversationLog(clock)) {
  return new AttendedEcr({
    transport, terminal, deviceListener: { host: 'ecr', port: 4102 }, format: DEFAULT_WIRE_FORMAT,
    workstationId: 'LANE-1', languageCode: 'en', responseTimeoutMs: 330_000, maxAmount: money(9_999_999),
  }, { clock, log, journal: new InMemoryJournal() })
}

describe('attended ECR', () => {
  for (const [what, minor] of [['zero', 0], ['negative', -100], ['over the maximum', 10_000_000]] as const) {
    it(`refuses a ${what} amount before anything is sent`, async () => {
      const clock = new VirtualClock()
      const log = new ConversationLog(clock)
      const ecr = ecrWith(new MemoryTransport(clock), clock, log)
      ecr.openSale(money(1000))
      const outcome = await ecr.payByCard(money(minor))
      assert.equal(outcome.status, 'refused by register')
      assert.equal(log.entries.length, 0)
      assert.equal(ecr.journal.entries().length, 0)
    })
  }

  it('accepts the maximum amount itself', async () => {
    const clock = new VirtualClock()
    const ecr = ecrWith(new MemoryTransport(clock), clock)
    ecr.openSale(money(9_999_999))
    const outcome = await driveUntilSettled(clock, ecr.payByCard(), { what: 'payment' })
    assert.equal(outcome.status, 'terminal unreachable')
  })

  it('reports "result unknown", never "failed", when the terminal takes the request and falls silent', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    await transport.listen(terminal, () => undefined) // accepts, never answers
    const ecr = ecrWith(transport, clock)
    ecr.openSale(money(1000))
    const outcome = await driveUntilSettled(clock, ecr.payByCard(), { what: 'payment' })
    assert.equal(outcome.status, 'unknown')
    assert.equal(clock.now() - Date.UTC(2026, 0, 15, 9), 330_000)
    assert.equal(ecr.journal.entries()[0].result, 'unknown')
    assert.equal(ecr.display.current[0], 'Payment result unknown')
    assert.equal(ecr.sale?.isOpen, true)
  })

  it('reports "result unknown" when the link breaks before the answer', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    await transport.listen(terminal, (c) => c.onData(() => c.close()))
    const ecr = ecrWith(transport, clock)
    ecr.openSale(money(1000))
    const outcome = await driveUntilSettled(clock, ecr.payByCard(), { what: 'payment' })
    assert.equal(outcome.status, 'unknown')
    assert.match(String(outcome.reason), /closed the link before answering/)
  })

  it('says the terminal is unreachable when nothing listens, and that no payment was made', async () => {
    const clock = new VirtualClock()
    const ecr = ecrWith(new MemoryTransport(clock), clock)
    ecr.openSale(money(1000))
    const outcome = await ecr.payByCard()
    assert.equal(outcome.status, 'terminal unreachable')
    assert.deepEqual(ecr.display.current, ['Terminal not reachable', 'No payment was made'])
  })
})
