import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { SimulatedRig } from '../../support/simulated-rig'

const maestro = cardProfile('Maestro')

const rigs: SimulatedRig[] = []
after(() => rigs.forEach((r) => r.dispose()))

async function rig() {
  const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 1 })
  rigs.push(r) // each rig has a database file to remove
  await r.start()
  return r
}

async function pay(r: SimulatedRig, euros: number) {
  r.ecr.openSale(money(euros * 100))
  return r.run('payment', () => r.ecr.payByCard())
}

describe('simulated terminal', () => {
  it('times out when no card is presented, after its card timeout', async () => {
    const r = await rig()
    const outcome = await pay(r, 10)
    assert.equal(outcome.response?.overallResult, 'TimedOut')
    assert.equal(r.clock.now() - Date.UTC(2026, 0, 15, 9), r.terminal.settings.cardTimeoutMs)
    assert.equal(r.terminal.state, 'idle')
  })

  it('times out when the PIN is never entered', async () => {
    const r = await rig()
    r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'none', reactionMs: 1000 })
    assert.equal((await pay(r, 10)).response?.overallResult, 'TimedOut')
    assert.equal(r.terminal.host.ledger.length, 0)
  })

  it('ends Aborted when the cardholder presses Stop', async () => {
    const r = await rig()
    r.terminal.face.onScreen((s) => { if (s.prompt === 'present card') r.clock.setTimer(500, () => r.terminal.face.pressStop()) })
    assert.equal((await pay(r, 10)).response?.overallResult, 'Aborted')
  })

  it('declines after three wrong PINs without asking the host', async () => {
    const r = await rig()
    r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'wrong', reactionMs: 1000 })
    const outcome = await pay(r, 10)
    assert.deepEqual([outcome.response?.overallResult, outcome.response?.tender?.authorisation?.actionCode], ['Failure', '75'])
    assert.equal(r.terminal.host.ledger.length, 0)
  })

  it('asks for no PIN on a contactless payment up to the CVM limit, and for one above it', async () => {
    const r = await rig()
    r.cardholder.willPay({ card: maestro, entry: 'contactless', pin: 'none', reactionMs: 1000 })
    assert.equal((await pay(r, 50)).status, 'approved')
    assert.equal((await pay(r, 50.01)).response?.overallResult, 'TimedOut')
  })

  it('masks the card number in everything it sends', async () => {
    const r = await rig()
    r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'correct', reactionMs: 1000 })
    await pay(r, 10)
    assert.ok(r.log.entries.length > 5)
    for (const entry of r.log.entries) assert.ok(!entry.text.includes(maestro.pan), `unmasked PAN in: ${entry.summary}`)
  })

  it('gives the same approval code for the same seed', async () => {
    const codes = []
    for (let i = 0; i < 2; i++) {
      const r = await rig()
      r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'correct', reactionMs: 1000 })
      codes.push((await pay(r, 10)).approvalCode)
    }
    assert.equal(codes[0], codes[1])
    assert.match(String(codes[0]), /^[A-Z0-9]{6}$/)
  })

  it('is never asked for a second payment while one is running: the register holds it back', async () => {
    const r = await rig()
    r.ecr.openSale(money(1000))
    const first = r.ecr.payByCard()
    const second = r.ecr.payByCard(money(500))
    const outcomes = await r.run('two payments', () => Promise.all([first, second]))
    assert.deepEqual(outcomes.map((o) => [o.status, o.response?.overallResult]), [['timed out', 'TimedOut'], ['blocked', undefined]])
  })
})
