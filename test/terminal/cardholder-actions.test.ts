import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { VIRTUAL_EPOCH } from '../../src/clock/virtual-clock'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import type { CardholderPlan } from '../../src/terminal/scripted-cardholder'
import { outputsSentTo } from '../../support/observations'
import { SimulatedRig } from '../../support/simulated-rig'

const maestro = cardProfile('Maestro')
const mastercard = cardProfile('Mastercard')
const visa = cardProfile('Visa')

async function rig(plan?: Partial<CardholderPlan>) {
  const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 1 })
  await r.start()
  if (plan) r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'correct', reactionMs: 1000, ...plan })
  return r
}

async function pay(r: SimulatedRig, minor: number) {
  r.ecr.openSale(money(minor))
  return r.run('payment', () => r.ecr.payByCard())
}

const cashierLines = (r: SimulatedRig) => outputsSentTo(r.log, 'CashierDisplay').map((o) => o.lines[0])
const receiptEntry = (r: SimulatedRig) => r.ecr.printer.printed.at(-1)?.lines.find((l) => l.startsWith('Entry'))

describe('simulated terminal: what cardholders do', () => {
  it('asks a swiped card for its PIN and prints the swipe on the receipt', async () => {
    const r = await rig({ card: mastercard, entry: 'magstripe' })
    assert.equal((await pay(r, 1000)).status, 'approved')
    assert.ok(cashierLines(r).includes('Cardholder enters PIN'))
    assert.equal(receiptEntry(r), 'Entry       magstripe')
  })

  it('prints a tap as contactless and asks no PIN up to the limit', async () => {
    const r = await rig({ entry: 'contactless', pin: 'none' })
    assert.equal((await pay(r, 1000)).status, 'approved')
    assert.ok(!cashierLines(r).includes('Cardholder enters PIN'))
    assert.equal(receiptEntry(r), 'Entry       contactless')
  })

  it('asks for one card when two are in the field, keeps waiting, and charges only the card then tapped', async () => {
    const r = await rig({ card: visa, entry: 'contactless', pin: 'none', alsoInField: [mastercard] })
    assert.equal((await pay(r, 1000)).status, 'approved')
    assert.deepEqual(cashierLines(r).slice(0, 2), ['Present card', 'Present one card only'])
    assert.deepEqual(r.terminal.host.ledger.map((a) => a.circuit), ['VISA'])
  })

  it('does not restart the card time-out when cards collide', async () => {
    const r = await rig()
    r.terminal.face.onScreen((s) => { if (s.prompt === 'present card') r.clock.setTimer(10_000, () => r.terminal.face.tapTogether([visa, mastercard])) })
    r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'none', reactionMs: 120_000 })
    const outcome = await pay(r, 1000)
    assert.deepEqual([outcome.status, outcome.reason], ['timed out', 'no card presented'])
    assert.equal(r.clock.now() - VIRTUAL_EPOCH, r.terminal.settings.cardTimeoutMs)
  })

  it('ends Aborted when the cardholder presses Stop at the PIN prompt, then asks for the card back', async () => {
    const r = await rig({ pin: 'stop' })
    const outcome = await pay(r, 1000)
    assert.equal(outcome.response?.overallResult, 'Aborted')
    assert.deepEqual(cashierLines(r).slice(-2), ['Cancelled by cardholder', 'Remove card'])
    assert.equal(r.terminal.host.ledger.length, 0)
  })

  it('tells the register which wait ran out', async () => {
    const r = await rig({ pin: 'none' })
    const outcome = await pay(r, 1000)
    assert.deepEqual([outcome.response?.overallResult, outcome.reason], ['TimedOut', 'no PIN entered'])
    assert.deepEqual(cashierLines(r).slice(-2), ['Time-out', 'Remove card'])
  })

  it('asks for a card left in the reader to be removed before the next payment, then takes that payment', async () => {
    const r = await rig({ leavesCardIn: true })
    assert.equal((await pay(r, 1000)).status, 'approved')
    assert.equal(r.terminal.face.screen.prompt, 'remove card')
    assert.ok(r.terminal.face.cardInReader)
    const before = cashierLines(r).length
    assert.equal((await pay(r, 500)).status, 'approved')
    assert.deepEqual(cashierLines(r).slice(before, before + 2), ['Remove card', 'Present card'])
    assert.deepEqual(r.terminal.host.ledger.map((a) => a.amount.minor), [1000, 500])
  })

  it('times the next payment out, charging nothing, when the card is never taken out', async () => {
    const r = await rig({ leavesCardIn: true })
    await pay(r, 1000)
    r.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'correct', reactionMs: 1000, leavesCardIn: true })
    const outcome = await pay(r, 500)
    assert.deepEqual([outcome.response?.overallResult, outcome.reason], ['TimedOut', 'card not removed'])
    assert.equal(r.terminal.host.ledger.length, 1)
  })

  it('does not act on a prompt that has gone by the time the cardholder reacts', async () => {
    const r = await rig({ reactionMs: 5000 })
    r.ecr.display.onShow((m) => { if (m.lines[0] === 'Present card') r.clock.setTimer(500, () => r.ecr.pressAbort()) })
    assert.equal((await pay(r, 1000)).status, 'aborted')
    await r.wait(10_000)
    assert.equal(r.terminal.face.cardInReader, undefined, 'no card went into a terminal that no longer asked for one')
  })
})
