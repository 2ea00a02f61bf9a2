import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { money } from '../../src/opi/money'
import { ControlApi, ControlError } from '../../src/terminal/control-api'
import { DefaultCardholder } from '../../src/terminal/default-cardholder'
import type { CardholderPrompt } from '../../src/terminal/terminal-face'
import { SimulatedRig } from '../../support/simulated-rig'

async function rig(options: { defaultCardholder?: boolean } = {}) {
  const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 1 })
  await r.start()
  const cardholder = new DefaultCardholder(r.terminal.face, r.clock, { enabled: options.defaultCardholder ?? false })
  return { r, control: new ControlApi(r.terminal, { cardholder }) }
}

function pay(r: SimulatedRig, minor: number) {
  r.ecr.openSale(money(minor))
  return r.run('payment', () => r.ecr.payByCard())
}

/** Acts through the control channel the first time the terminal shows `prompt`, as a person would. */
function whenShown(r: SimulatedRig, prompt: CardholderPrompt, act: () => unknown, afterMs = 500) {
  let done = false
  r.terminal.face.onScreen((screen) => {
    if (screen.prompt !== prompt || done) return
    done = true
    r.clock.setTimer(afterMs, () => void act())
  })
}

async function refusal(work: Promise<unknown>): Promise<ControlError> {
  try {
    await work
  } catch (error) {
    assert.ok(error instanceof ControlError, `expected a ControlError, got ${String(error)}`)
    return error
  }
  assert.fail('the request was accepted')
}

describe('control API', () => {
  it('lets a person present a card and type the correct PIN', async () => {
    const { r, control } = await rig()
    whenShown(r, 'present card', () => control.perform('POST', '/cardholder/present', { card: 'visa', entry: 'chip' }))
    whenShown(r, 'enter PIN', () => control.perform('POST', '/cardholder/pin', { correct: true }))
    const outcome = await pay(r, 1000)
    assert.equal(outcome.status, 'approved')
    assert.equal(outcome.cardCircuit, 'VISA')
  })

  it('passes typed PIN digits on as they are: three wrong ones decline', async () => {
    const { r, control } = await rig()
    whenShown(r, 'present card', () => control.perform('POST', '/cardholder/present', { card: 'maestro' }))
    r.terminal.face.onScreen((s) => { if (s.prompt === 'enter PIN') r.clock.setTimer(100, () => void control.perform('POST', '/cardholder/pin', { pin: '9999' })) })
    const outcome = await pay(r, 1000)
    assert.equal(outcome.response?.tender?.authorisation?.actionCode, '75')
  })

  it('presses Stop for the cardholder: the payment ends aborted', async () => {
    const { r, control } = await rig()
    whenShown(r, 'present card', () => control.perform('POST', '/cardholder/stop', undefined))
    assert.equal((await pay(r, 1000)).status, 'aborted')
  })

  it('takes the host offline and back online', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/host/offline', {})
    assert.equal((await pay(r, 1000)).response?.privateData?.errorText, 'host not reachable')
    await control.perform('POST', '/host/online', undefined)
    assert.equal((await pay(r, 1000)).status, 'approved')
  })

  it('has the issuer decline the next authorisation with its own code, and slows the host down', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/host/decline-next', { actionCode: '51' })
    await control.perform('POST', '/host/latency', { ms: 4000 })
    const started = r.clock.now()
    const outcome = await pay(r, 1000)
    assert.deepEqual([outcome.status, outcome.reason], ['declined', 'insufficient funds'])
    assert.equal(r.clock.now() - started, 2000 + 4000)
    assert.equal((await pay(r, 1000)).status, 'approved', 'only the next one is declined')
  })

  it('drops the link mid-payment: the register no longer knows the result', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    let cut: unknown
    whenShown(r, 'enter PIN', () => { cut = control.dropLinks() }, 100)
    const outcome = await pay(r, 1000)
    assert.equal(outcome.status, 'unknown')
    assert.deepEqual(cut, { done: 'cut the link', connectionsCut: 2 })
  })

  it('power-cycles mid-payment: no answer, the terminal comes back idle and takes the next payment', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    let cycled: Promise<unknown> | undefined
    whenShown(r, 'enter PIN', () => { cycled = control.perform('POST', '/power-cycle', {}) }, 100)
    assert.equal((await pay(r, 1000)).status, 'unknown')
    await r.run('power back', () => cycled!)
    assert.equal(r.terminal.state, 'idle')
    assert.equal(r.terminal.face.screen.prompt, 'idle')
    assert.equal(r.terminal.host.ledger.length, 0, 'the lost payment never reached the host')
    assert.equal((await pay(r, 1000)).status, 'approved')
  })

  it('power-cycles an idle terminal once however often the button is pressed', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await r.run('power cycle', () => Promise.all([control.perform('POST', '/power-cycle', undefined), control.perform('POST', '/power-cycle', undefined)]))
    assert.equal((await pay(r, 1000)).status, 'approved')
  })

  it('switches the default cardholder off and on', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/cardholder/default', { enabled: false, delayMs: 20 })
    assert.equal((await pay(r, 1000)).status, 'timed out')
    await control.perform('POST', '/cardholder/default', { enabled: true })
    assert.equal((await pay(r, 1000)).status, 'approved')
  })

  it('reports the terminal, the host and the cardholder in /status, with no card number', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await pay(r, 5005)
    const { status, body } = await control.perform('GET', '/status', undefined)
    assert.equal(status, 200)
    assert.equal(body.state, 'idle')
    assert.deepEqual(body.host, {
      reachable: true, latencyMs: 1500, authorisations: 1, approvedTotal: '0.00 EUR',
      last: { stan: '000001', amount: '50.05 EUR', circuit: 'MAES', entry: 'chip', approved: false, actionCode: '05' },
    })
    assert.deepEqual(body.defaultCardholder, { enabled: true, delayMs: 1000, card: 'Maestro', entry: 'chip' })
    assert.ok(!JSON.stringify(body).includes('6799998900000060018'))
  })

  it('refuses bad requests with a message that says what is wrong', async () => {
    const { control } = await rig()
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', '/cardholder/present', { card: 'diners' }, 400, /no test card called "diners"; known cards: maestro/],
      ['POST', '/cardholder/present', { card: 'v pay', entry: 'magstripe' }, 400, /V PAY card cannot be read by magstripe/],
      ['POST', '/cardholder/present', { card: 'visa', entry: 'swipe' }, 400, /"swipe" is no way to present a card/],
      ['POST', '/cardholder/present', {}, 400, /missing field "card"/],
      ['POST', '/cardholder/present', { card: 7 }, 400, /field "card" must be a string/],
      ['POST', '/cardholder/present', [], 400, /body must be a JSON object/],
      ['POST', '/cardholder/pin', { pin: '12' }, 400, /4 to 12 digits/],
      ['POST', '/cardholder/pin', { pin: '1234', correct: true }, 400, /either "pin".*not both/],
      ['POST', '/cardholder/default', { delayMs: -1 }, 400, /whole number of milliseconds/],
      ['POST', '/host/offline', { now: true }, 400, /unknown field "now"; this route takes no fields/],
      ['POST', '/host/decline-next', { actionCode: '00' }, 400, /ISO-8583 decline code/],
      ['POST', '/host/latency', { ms: 1.5 }, 400, /"ms" must be a whole number/],
      ['POST', '/cardholder/present', { card: 'visa' }, 409, /not asking for a card; its screen shows "Welcome"/],
      ['POST', '/cardholder/pin', { correct: true }, 409, /not asking for a PIN/],
      ['POST', '/cardholder/stop', undefined, 409, /Stop has no effect now/],
      ['POST', '/cardholder/remove-card', undefined, 409, /no card in the reader/],
      ['DELETE', '/status', undefined, 405, /DELETE is not allowed on \/status; use GET/],
      ['POST', '/cardholder/dance', undefined, 404, /no such control route/],
    ]
    for (const [method, path, body, status, message] of cases) {
      const error = await refusal(control.perform(method, path, body))
      assert.equal(error.status, status, `${method} ${path} ${JSON.stringify(body)}: ${error.message}`)
      assert.match(error.message, message)
    }
  })
})
