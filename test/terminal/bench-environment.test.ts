// The simulated terminal's surroundings on the bench: its cable, the default cardholder and the control API.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import type { Connection } from '../../src/link/transport'
import { TerminalCable, TerminalPoweredOff, type CableTraffic } from '../../src/terminal/terminal-cable'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { DefaultCardholder } from '../../src/terminal/default-cardholder'
import { SimulatedRig } from '../../support/simulated-rig'
import { ControlApi, ControlError } from '../../src/terminal/control-api'
import type { CardholderPrompt } from '../../src/terminal/terminal-face'

describe('terminal cable', () => {
  async function bench() {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    const cable = new TerminalCable(transport)
    const accepted: Connection[] = []
    await cable.listen({ host: 'terminal', port: 4100 }, (c) => accepted.push(c))
    await transport.listen({ host: 'ecr', port: 4102 }, () => undefined)
    return { clock, transport, cable, accepted }
  }

  it('carries connections both ways and reports their traffic', async () => {
    const { clock, transport, cable, accepted } = await bench()
    const seen: string[] = []
    cable.onTraffic((t: CableTraffic) => seen.push(`${t.role} ${t.event}${t.bytes ? ` ${Buffer.from(t.bytes).toString()}` : ''}`))
    const fromEcr = await transport.connect({ host: 'terminal', port: 4100 })
    const toEcr = await cable.connect({ host: 'ecr', port: 4102 })
    fromEcr.write(Buffer.from('request'))
    toEcr.write(Buffer.from('device'))
    await driveFor(clock, 10)
    accepted[0].write(Buffer.from('answer'))
    assert.equal(cable.openConnections, 2)
    assert.deepEqual(seen, ['accepted opened', 'dialled opened', 'dialled out device', 'accepted in request', 'accepted out answer'])
    assert.deepEqual(cable.listening, { host: 'terminal', port: 4100 })
  })

  it('cut ends every open connection at once; new ones can be made straight after', async () => {
    const { clock, transport, cable } = await bench()
    const fromEcr = await transport.connect({ host: 'terminal', port: 4100 })
    await cable.connect({ host: 'ecr', port: 4102 })
    assert.equal(cable.cut(), 2)
    await driveFor(clock, 10)
    assert.equal(fromEcr.closed, true, 'the register sees the link end')
    assert.equal(cable.openConnections, 0)
    await cable.connect({ host: 'ecr', port: 4102 })
    assert.equal(cable.openConnections, 1)
  })

  it('powered off, it neither calls out nor takes calls until powered on', async () => {
    const { clock, transport, cable, accepted } = await bench()
    cable.powerOff()
    await assert.rejects(cable.connect({ host: 'ecr', port: 4102 }), TerminalPoweredOff)
    const refused = await transport.connect({ host: 'terminal', port: 4100 })
    await driveFor(clock, 10)
    assert.deepEqual([refused.closed, accepted.length], [true, 0])
    cable.powerOn()
    await transport.connect({ host: 'terminal', port: 4100 })
    assert.equal(accepted.length, 1)
  })
})

describe('default cardholder', () => {
  async function rig() {
    const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 1 })
    await r.start()
    return r
  }

  async function pay(r: SimulatedRig, minor: number) {
    r.ecr.openSale(money(minor))
    return r.run('payment', () => r.ecr.payByCard())
  }

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

describe('control API', () => {
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

  it('keeps the terminal switched off until switched on: refused, then idle again on the same address', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    const address = r.terminal.cable.listening
    await r.run('switching off', () => control.perform('POST', '/power/off', {}))
    assert.equal(control.status().poweredOn, false)
    assert.equal((await pay(r, 1000)).status, 'terminal unreachable')
    assert.equal((await refusal(control.perform('POST', '/power/off', {}))).status, 409)
    await r.run('switching on', () => control.perform('POST', '/power/on', {}))
    assert.deepEqual(r.terminal.cable.listening, address)
    assert.equal((await pay(r, 1000)).status, 'approved')
  })

  it('occupies the terminal with its merchant menu until freed: payments are turned away meanwhile', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/terminal/occupy', { with: 'merchant menu' })
    assert.equal((await pay(r, 1000)).status, 'refused by terminal')
    await control.perform('POST', '/terminal/free', undefined)
    assert.equal((await pay(r, 1000)).status, 'approved')
    assert.equal((await refusal(control.perform('POST', '/terminal/occupy', { with: 'lunch' }))).status, 400)
  })

  it('hangs the firmware until a power-cycle: the request is taken and never answered', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/terminal/hang', undefined)
    assert.equal(control.status().hanging, true)
    await r.run('power cycle', () => control.perform('POST', '/power-cycle', undefined))
    assert.equal(control.status().hanging, false)
    assert.equal((await pay(r, 1000)).status, 'approved')
  })

  it('holds a wallet to the reader, then the one card alone when asked for one card', async () => {
    const { r, control } = await rig()
    whenShown(r, 'present card', () => control.perform('POST', '/cardholder/present', { card: 'mastercard', together: ['visa'] }))
    whenShown(r, 'present one card', () => control.perform('POST', '/cardholder/present', { card: 'mastercard', entry: 'contactless' }))
    assert.equal((await pay(r, 1000)).status, 'approved')
    assert.equal((await refusal(control.perform('POST', '/cardholder/present', { card: 'visa', together: 'mastercard' }))).status, 400)
  })

  it('keeps the register\'s cable out for the time asked, then plugs it back', async () => {
    const { r, control } = await rig()
    await control.perform('POST', '/link/unplug', { forMs: 20_000 })
    assert.equal(control.status().cableOut, true)
    assert.equal((await refusal(control.perform('POST', '/link/unplug', { forMs: 1 }))).status, 409)
    await r.wait(20_000)
    assert.equal(control.status().cableOut, false)
  })

  it('pulls the cable the instant the next payment\'s answer is ready, and plugs it back early when asked', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/link/unplug', { forMs: 20_000, at: 'answer' })
    assert.deepEqual([control.status().cableArmed, control.status().cableOut], [true, false])
    assert.equal((await refusal(control.perform('POST', '/link/unplug', { forMs: 1 }))).status, 409)
    assert.equal((await pay(r, 1000)).status, 'unknown')
    assert.deepEqual([control.status().cableArmed, control.status().cableOut], [false, true])
    await control.perform('POST', '/link/plug', undefined)
    assert.equal(control.status().cableOut, false)
    assert.equal((await refusal(control.perform('POST', '/link/plug', undefined))).status, 409)
    assert.equal((await refusal(control.perform('POST', '/link/unplug', { forMs: 1, at: 'lunch' }))).status, 400)
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

  it('approves part of an amount once partial approval is allowed and the card holds less; unlimited again after', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/host/available-funds', { card: 'maestro', amount: '30.00' })
    assert.deepEqual([(await pay(r, 5000)).status, (await control.perform('GET', '/status', undefined)).body.partialApproval], ['declined', false], 'the whole amount or nothing')
    await control.perform('POST', '/terminal/partial-approval', { allowed: true })
    const partly = await pay(r, 5000)
    assert.deepEqual([partly.status, partly.amount], ['approved', money(3000)])
    assert.deepEqual(((await control.perform('GET', '/status', undefined)).body.host as { limitedFunds: unknown }).limitedFunds, { Maestro: '30.00 EUR' })
    await control.perform('POST', '/host/available-funds', { card: 'maestro' })
    assert.deepEqual((await pay(r, 5000)).amount, money(5000))
  })

  it('loads a firmware that numbers its messages with a plain counter and writes their lines last row first', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await control.perform('POST', '/terminal/firmware', { deviceRequestIds: 'incrementing', rowsLastFirst: true })
    assert.deepEqual((await control.perform('GET', '/status', undefined)).body.firmware, { deviceRequestIds: 'incrementing', rowsLastFirst: true })
    assert.equal((await pay(r, 1000)).status, 'approved')
    const ids = r.log.messages().filter((m) => m.kind === 'DeviceRequest').map((m) => m.requestId)
    assert.ok(ids.length > 1 && ids.every((id) => /^\d+$/.test(id)), `plain counter ids: ${ids.join(', ')}`)
    await control.perform('POST', '/terminal/firmware', { deviceRequestIds: 'dotted', rowsLastFirst: false })
    assert.deepEqual((await control.perform('GET', '/status', undefined)).body.firmware, { deviceRequestIds: 'dotted', rowsLastFirst: false })
  })

  it('reports the terminal, the host and the cardholder in /status, with no card number', async () => {
    const { r, control } = await rig({ defaultCardholder: true })
    await pay(r, 5005)
    const { status, body } = await control.perform('GET', '/status', undefined)
    assert.equal(status, 200)
    assert.equal(body.state, 'idle')
    assert.deepEqual(body.host, {
      reachable: true, latencyMs: 1500, authorisations: 1, approvedTotal: '0.00 EUR', limitedFunds: {},
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
      ['POST', '/host/available-funds', { card: 'maestro', amount: '30' }, 400, /euros with two decimals/],
      ['POST', '/terminal/partial-approval', {}, 400, /missing field "allowed"/],
      ['POST', '/terminal/firmware', {}, 400, /give "deviceRequestIds"/],
      ['POST', '/terminal/firmware', { deviceRequestIds: 'random' }, 400, /"dotted" .* or "incrementing"/],
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
