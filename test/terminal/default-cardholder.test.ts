import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { DefaultCardholder } from '../../src/terminal/default-cardholder'
import { SimulatedRig } from '../../support/simulated-rig'

async function rig() {
  const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 1 })
  await r.start()
  return r
}

async function pay(r: SimulatedRig, minor: number) {
  r.ecr.openSale(money(minor))
  return r.run('payment', () => r.ecr.payByCard())
}

describe('default cardholder', () => {
  it('pays with an approved Maestro chip card and the right PIN, a moment after being asked', async () => {
    const r = await rig()
    const holder = new DefaultCardholder(r.terminal.face, r.clock, { delayMs: 1000 })
    const actions: string[] = []
    holder.onAction((a) => actions.push(a.did))
    const started = r.clock.now()
    const outcome = await pay(r, 1000)
    assert.equal(outcome.status, 'approved')
    assert.equal(outcome.cardCircuit, 'MAES')
    // one second to present, one to type the PIN, the host's latency to answer
    assert.equal(r.clock.now() - started, 2000 + r.terminal.host.latencyMs)
    await r.wait(1000)
    assert.deepEqual(actions, ['present', 'enter PIN', 'remove card'])
    assert.equal(r.terminal.face.cardInReader, undefined)
  })

  it('leaves the outcome to the host: the decline trigger amount 50.05 is declined', async () => {
    const r = await rig()
    new DefaultCardholder(r.terminal.face, r.clock)
    const outcome = await pay(r, 5005)
    assert.equal(outcome.status, 'declined')
    assert.equal(r.terminal.host.ledger.at(-1)?.decision.actionCode, '05')
  })

  it('does nothing when switched off, so the terminal times out waiting for a card', async () => {
    const r = await rig()
    new DefaultCardholder(r.terminal.face, r.clock, { enabled: false })
    assert.equal((await pay(r, 1000)).response?.overallResult, 'TimedOut')
    assert.equal(r.terminal.host.ledger.length, 0)
  })

  it('stands aside when a person presents a card first, and leaves that person\'s PIN alone', async () => {
    const r = await rig()
    const holder = new DefaultCardholder(r.terminal.face, r.clock, { delayMs: 5000 })
    const actions: string[] = []
    holder.onAction((a) => actions.push(a.did))
    r.terminal.face.onScreen((s) => { if (s.prompt === 'present card') r.clock.setTimer(100, () => r.terminal.face.presentCard(cardProfile('visa'), 'chip')) })
    const outcome = await pay(r, 1000)
    assert.equal(outcome.response?.overallResult, 'TimedOut', 'nobody typed the PIN for the Visa card')
    assert.deepEqual(actions, [])
  })

  it('takes its card back when the payment ends without asking for it', async () => {
    const r = await rig()
    new DefaultCardholder(r.terminal.face, r.clock, { delayMs: 1000 })
    r.terminal.face.onScreen((s) => { if (s.prompt === 'enter PIN') r.clock.setTimer(100, () => r.terminal.face.pressStop()) })
    assert.equal((await pay(r, 1000)).status, 'aborted')
    assert.ok(r.terminal.face.cardInReader, 'the card is still in the reader right after the payment')
    await r.wait(1000)
    assert.equal(r.terminal.face.cardInReader, undefined)
  })

  it('refuses a card that cannot be read the way it is told to present it', () => {
    assert.throws(() => new DefaultCardholder({ onScreen: () => undefined } as never, {} as never, { card: cardProfile('v pay'), entry: 'magstripe' }), /V PAY card cannot be read by magstripe/)
  })
})
