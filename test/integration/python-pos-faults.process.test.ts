// python-pos careful and deliberately broken, told apart by what the terminal received (its own log)
// and what the host authorised, never by the register's own account alone.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { DriverClient } from '../../src/integration/driver-client'
import { startPosPair, type PosPair } from './pos-processes'

const pairs: PosPair[] = []
after(() => Promise.all(pairs.splice(0).map((p) => p.stop())))

async function pair(options: Parameters<typeof startPosPair>[0]) {
  const p = await startPosPair({ ...options, terminal: 'in-process' })
  pairs.push(p)
  return { p, driver: new DriverClient({ baseUrl: p.driverUrl, timeoutMs: 5000 }) }
}

const received = (p: PosPair, requestType: string) => p.terminalLines.filter((line) => line.includes(`<- CardServiceRequest ${requestType} #`)).length

async function abortPressedThrice(fault?: 'abort-per-keypress') {
  // The cardholder takes 4 s to present a card: long enough for the cashier to press Abort three times.
  const { p, driver } = await pair({ fault, cardholderDelayMs: 4000 })
  const started = await driver.startCardPayment({ amount: '10.00', currency: 'EUR' })
  await p.terminalSays(/screen: Present card/)
  for (let press = 0; press < 3; press++) await driver.pressAbort()
  const done = await driver.concluded(started, 15_000)
  return { p, outcome: done.outcome }
}

async function answerLostOnTheWay(fault?: 'book-lost-as-declined') {
  // The host takes 1.5 s; the cable is pulled while the terminal waits for it, so the approval cannot arrive.
  const { p, driver } = await pair({ fault, hostLatencyMs: 1500 })
  const started = await driver.startCardPayment({ amount: '10.00', currency: 'EUR' })
  await p.terminalSays(/screen: Please wait/)
  const cut = await fetch(`${p.controlUrl}/link/drop`, { method: 'POST', signal: AbortSignal.timeout(5000) })
  assert.equal(cut.status, 200)
  const done = await driver.concluded(started, 15_000)
  // The terminal's own screen says when the host has answered; only then is the host's ledger final.
  await p.terminalSays(/screen: Approved/)
  await driver.concluded(await driver.checkLastTransaction(), 20_000)
  const host = (await (await fetch(`${p.controlUrl}/status`, { signal: AbortSignal.timeout(5000) })).json()) as { host: { approvedTotal: string } }
  return { p, outcome: done.outcome, journal: (await driver.journal()).entries.map((e) => e.result), approvedTotal: host.host.approvedTotal }
}

describe('python-pos: one abort per press', { concurrency: true }, () => {
  it('sends one AbortRequest however often the cashier presses', async () => {
    const { p, outcome } = await abortPressedThrice()
    assert.deepEqual({ aborts: received(p, 'AbortRequest'), status: outcome?.status, reason: outcome?.reason }, { aborts: 1, status: 'aborted', reason: 'cancelled by the cashier' })
  })

  it('with --fault abort-per-keypress sends one per press, which the terminal sees', async () => {
    const { p } = await abortPressedThrice('abort-per-keypress')
    assert.equal(received(p, 'AbortRequest'), 3)
  })
})

describe('python-pos: a result lost on the way back', { concurrency: true }, () => {
  it('is booked unknown, then recovered by RepeatLastMessage as the approval the host made', async () => {
    const { p, outcome, journal, approvedTotal } = await answerLostOnTheWay()
    assert.deepEqual({ status: outcome?.status, journal, approvedTotal, asked: received(p, 'RepeatLastMessage') > 0 },
      { status: 'unknown', journal: ['approved'], approvedTotal: '10.00 EUR', asked: true })
  })

  it('with --fault book-lost-as-declined is booked declined while the host took the money, and never asked again', async () => {
    const { p, outcome, journal, approvedTotal } = await answerLostOnTheWay('book-lost-as-declined')
    assert.deepEqual({ status: outcome?.status, journal, approvedTotal, asked: received(p, 'RepeatLastMessage') },
      { status: 'declined', journal: ['declined'], approvedTotal: '10.00 EUR', asked: 0 })
  })
})

describe('python-pos: a power loss in the middle of a payment', () => {
  it('starts again from its journal and recovers the payment the host approved, without paying twice', async () => {
    const { p, driver } = await pair({ hostLatencyMs: 1500 })
    const started = await driver.startCardPayment({ amount: '10.00', currency: 'EUR' })
    await p.terminalSays(/screen: Please wait/)
    const restart = await driver.concluded(await driver.restart(), 20_000)
    const lost = await driver.operation(started.id)
    const host = (await (await fetch(`${p.controlUrl}/status`, { signal: AbortSignal.timeout(5000) })).json()) as { host: { approvedTotal: string } }
    assert.deepEqual({
      recovered: restart.outcome?.status, lostOperation: lost.error, journal: (await driver.journal()).entries.map((e) => e.result),
      payments: received(p, 'CardPayment'), asked: received(p, 'RepeatLastMessage') > 0, approvedTotal: host.host.approvedTotal,
    }, {
      recovered: 'approved', lostOperation: 'RegisterOff: the register lost power', journal: ['approved'],
      payments: 1, asked: true, approvedTotal: '10.00 EUR',
    })
  })
})
