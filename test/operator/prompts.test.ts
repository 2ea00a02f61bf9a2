import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseBenchConfig } from '../../src/operator/bench-config'
import { CaseNotRun } from '../../src/operator/not-run'
import { DEFAULT_PROMPT_TIMEOUTS_MS, PromptDesk, manualStepsText, type Operator, type OperatorPrompt, type OperatorReply } from '../../src/operator/prompts'
import { TestCardRegistry } from '../../src/operator/test-card-registry'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { BenchEnvironment, ENGLISH_SCREEN_TEXTS, BackOfficeRecords } from '../../support/bench-environment'
import { cardProfile } from '../../src/terminal/cards'
import type { WitnessRecord } from '../../src/proxy/wire-reader'
import type { DeviceRequest } from '../../src/opi/messages'
import { money } from '../../src/opi/money'

const STOP: OperatorPrompt = { kind: 'press Stop', instruction: 'Press Stop.', action: { do: 'press Stop' } }

/** An operator who answers every prompt with `reply` after `afterMs` on the clock, or never. */
function operator(clock: VirtualClock, reply: OperatorReply | 'never', afterMs = 1_000): Operator & { asked: OperatorPrompt[] } {
  const asked: OperatorPrompt[] = []
  return {
    name: 'test operator', asked,
    ask: (prompt, cancelled) => {
      asked.push(prompt)
      return new Promise((resolve) => {
        if (reply === 'never') return
        const timer = clock.setTimer(afterMs, () => resolve(reply))
        cancelled.addEventListener('abort', () => timer.cancel())
      })
    },
  }
}

const display = (requestId: string, text: string): WitnessRecord => ({
  atMs: 0, channel: 1, from: 'terminal',
  message: { kind: 'DeviceRequest', requestType: 'Output', requestId, workstationId: 'W', outputs: [{ target: 'CashierDisplay', textLines: [{ text }] }] } as unknown as DeviceRequest,
})

describe('operator prompts', () => {
  it('records each prompt with its answer, who gave it and how long it took', async () => {
    const clock = new VirtualClock()
    const desk = new PromptDesk(operator(clock, { answer: 'done', by: 'Jane' }, 4_000), clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    const step = await driveUntilSettled(clock, desk.ask(STOP), { what: 'the prompt' })
    assert.deepEqual({ answer: step.answer, by: step.by, tookMs: step.tookMs }, { answer: 'done', by: 'Jane', tookMs: 4_000 })
    assert.match(manualStepsText(desk.steps), /\[press Stop\] Press Stop\.\n {2}-> done by Jane after 4\.0 s/)
  })

  it('gives up on a prompt after its kind\'s timeout and says so', async () => {
    const clock = new VirtualClock()
    const desk = new PromptDesk(operator(clock, 'never'), clock, { ...DEFAULT_PROMPT_TIMEOUTS_MS, 'press Stop': 7_000 })
    const step = await driveUntilSettled(clock, desk.ask(STOP), { what: 'the prompt' })
    assert.deepEqual({ answer: step.answer, tookMs: step.tookMs, note: step.note }, { answer: 'timed out', tookMs: 7_000, note: 'no answer within 7 s (timeout for "press Stop" prompts)' })
  })

  it('asks one prompt at a time, in order', async () => {
    const clock = new VirtualClock()
    const desk = new PromptDesk(operator(clock, { answer: 'done', by: 'Jane' }, 1_000), clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    const steps = await driveUntilSettled(clock, Promise.all([desk.ask(STOP), desk.ask({ ...STOP, instruction: 'Again.' })]), { what: 'two prompts' })
    assert.deepEqual(steps.map((s) => [s.prompt.instruction, s.askedAtMs - steps[0].askedAtMs]), [['Press Stop.', 0], ['Again.', 1_000]])
  })
})

describe('the bench environment', () => {
  const cards = TestCardRegistry.load()

  it('prompts for the card when the terminal asks for one, naming the test card, and once only', async () => {
    const clock = new VirtualClock()
    const who = operator(clock, { answer: 'done', by: 'Jane' })
    const environment = new BenchEnvironment(new PromptDesk(who, clock, DEFAULT_PROMPT_TIMEOUTS_MS), cards, ENGLISH_SCREEN_TEXTS)
    environment.cardholderWillPay({ card: cardProfile('Visa'), entry: 'contactless', pin: 'none', reactionMs: 0 })
    environment.witnessed(display('1.1', 'Present card'))
    environment.witnessed(display('1.2', 'Present card'))
    await driveUntilSettled(clock, new Promise<void>((resolve) => clock.setTimer(5_000, resolve)), { what: 'the prompts' })
    assert.deepEqual(who.asked.map((p) => p.instruction), ['Tap the test card "CCV test card Visa" on the reader.'])
    assert.equal(environment.refused, undefined)
  })

  it('asks for the limited-funds card\'s balance first, then for that card when the terminal asks for one', async () => {
    const clock = new VirtualClock()
    const who = operator(clock, { answer: 'done', by: 'Jane' })
    const environment = new BenchEnvironment(new PromptDesk(who, clock, DEFAULT_PROMPT_TIMEOUTS_MS), cards, ENGLISH_SCREEN_TEXTS)
    await driveUntilSettled(clock, environment.arrange({ fact: 'card funds', card: cardProfile('Maestro'), available: money(3000) }), { what: 'the set-up' })
    environment.cardholderWillPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 0 })
    environment.witnessed(display('1.1', 'Present card'))
    await driveUntilSettled(clock, new Promise<void>((resolve) => clock.setTimer(5_000, resolve)), { what: 'the prompts' })
    assert.deepEqual(who.asked.map((p) => [p.kind, p.instruction]), [
      ['confirm', 'In CCV\'s test back office, set the balance of the test card "CCV test card Maestro \'balance\'" to 30.00 EUR (the issuer of this test card approves no more than the balance set on it in CCV\'s test back office), and keep it at hand for the next payment. Answer done when the balance is set.'],
      ['present card', 'Insert the test card "CCV test card Maestro \'balance\'" into the chip reader.'],
    ])
    assert.deepEqual(who.asked[0].action, { do: 'limit funds', card: { profile: 'maestro', testCard: 'CCV test card Maestro (blue)', pin: '1234' }, availableCents: 3000 })
  })

  it('tells a cardholder who is slow on purpose to take that long, and reads a display\'s rows in row order', async () => {
    const clock = new VirtualClock()
    const who = operator(clock, { answer: 'done', by: 'Jane' })
    const environment = new BenchEnvironment(new PromptDesk(who, clock, DEFAULT_PROMPT_TIMEOUTS_MS), cards, ENGLISH_SCREEN_TEXTS)
    environment.cardholderWillPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 20_000 })
    const lastRowFirst = { ...display('1.1', ''), message: { ...display('1.1', '').message!, outputs: [{ target: 'CashierDisplay', textLines: [{ text: '25.00 EUR', row: 1 }, { text: 'Present card', row: 0 }] }] } as unknown as DeviceRequest }
    environment.witnessed(lastRowFirst)
    await driveUntilSettled(clock, new Promise<void>((resolve) => clock.setTimer(5_000, resolve)), { what: 'the prompt' })
    assert.deepEqual(who.asked.map((p) => p.instruction), ['Take your time: wait 20 seconds, then: Insert the test card "CCV test card Maestro (blue)" into the chip reader.'])
    assert.equal((who.asked[0].action as { afterMs?: number }).afterMs, 20_000)
  })

  it('makes the case not run when the operator could not do what was asked', async () => {
    const clock = new VirtualClock()
    const environment = new BenchEnvironment(new PromptDesk(operator(clock, { answer: 'could not', by: 'Jane', note: 'the reader is broken' }), clock, DEFAULT_PROMPT_TIMEOUTS_MS), cards, ENGLISH_SCREEN_TEXTS)
    environment.cardholderWillPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 0 })
    environment.witnessed(display('1.1', 'Present card'))
    await assert.rejects(driveUntilSettled(clock, environment.refusal, { what: 'the refusal' }), (error: unknown) => error instanceof CaseNotRun && /answered "could not" by Jane \(the reader is broken\)/.test(error.reason))
  })

  it('makes the case not run when a set-up prompt times out', async () => {
    const clock = new VirtualClock()
    const environment = new BenchEnvironment(new PromptDesk(operator(clock, 'never'), clock, { ...DEFAULT_PROMPT_TIMEOUTS_MS, power: 2_000 }), cards, ENGLISH_SCREEN_TEXTS)
    await assert.rejects(driveUntilSettled(clock, environment.arrange({ fact: 'terminal restarted' }), { what: 'the set-up' }), (error: unknown) => error instanceof CaseNotRun && /had no answer in time \(no answer within 2 s/.test(error.reason))
  })

  it('has the terminal switched off, then the witness refuse the register as the terminal does', async () => {
    const clock = new VirtualClock()
    const desk = new PromptDesk(operator(clock, { answer: 'done', by: 'Jane' }), clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    let witnessStoodDown = false
    const environment = new BenchEnvironment(desk, cards, ENGLISH_SCREEN_TEXTS, () => { witnessStoodDown = true; return Promise.resolve() })
    await driveUntilSettled(clock, environment.arrange({ fact: 'terminal switched off' }), { what: 'the set-up' })
    assert.deepEqual([desk.steps.map((s) => [s.prompt.action.do, s.answer]), witnessStoodDown], [[['switch off', 'done']], true])
  })

  it('does not run a switched-off terminal the witness still finds taking connections, saying why', async () => {
    const clock = new VirtualClock()
    const desk = new PromptDesk(operator(clock, { answer: 'done', by: 'Jane' }), clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    const environment = new BenchEnvironment(desk, cards, ENGLISH_SCREEN_TEXTS, () => Promise.reject(new CaseNotRun('it still takes connections')))
    await assert.rejects(driveUntilSettled(clock, environment.arrange({ fact: 'terminal switched off' }), { what: 'the set-up' }), (error: unknown) => error instanceof CaseNotRun && /still takes connections/.test(error.reason))
  })

  it('fails, not skips, a money fact the back office denies', async () => {
    const clock = new VirtualClock()
    const records = new BackOfficeRecords(new PromptDesk(operator(clock, { answer: 'could not', by: 'Jane', note: 'two payments of 10.00' }), clock, DEFAULT_PROMPT_TIMEOUTS_MS))
    await assert.rejects(driveUntilSettled(clock, records.expectApprovals([{ amount: money(1000) }], 'approved'), { what: 'the check' }), (error: Error) => error.name === 'AssertionError' && /it shows: two payments of 10\.00/.test(error.message))
  })
})

describe('bench config and test-card registry', () => {
  it('reads a bench config with defaults for what it leaves out', () => {
    const config = parseBenchConfig({ terminal: '192.168.1.50:4100', promptTimeoutsSeconds: { 'present card': 90 } }, '/bench/bench.json')
    assert.deepEqual({ terminal: config.terminal, devices: config.witness.devices, listen: config.witness.listen, card: config.promptTimeoutsMs['present card'], pin: config.promptTimeoutsMs['enter PIN'], operator: config.operator.kind }, {
      terminal: { host: '192.168.1.50', port: 4100 }, devices: { host: '127.0.0.1', port: 4102 }, listen: { host: '127.0.0.1', port: 0 }, card: 90_000, pin: 60_000, operator: 'console',
    })
  })

  it('refuses a bench config with a clear reason', () => {
    assert.throws(() => parseBenchConfig({}, 'b.json'), /"terminal" \(host:port of the terminal's request port\) is required/)
    assert.throws(() => parseBenchConfig({ terminal: 'x' }, 'b.json'), /"terminal" must be "host:port"/)
    assert.throws(() => parseBenchConfig({ terminal: 'h:1', promptTimeoutsSeconds: { coffee: 5 } }, 'b.json'), /no prompt kind "coffee"/)
    assert.throws(() => parseBenchConfig({ terminal: 'h:1', colour: 'red' }, 'b.json'), /unknown setting "colour"/)
    assert.throws(() => parseBenchConfig({ terminal: 'h:1', screens: { 'enter PIN': '(' } }, 'b.json'), /screens.enter PIN/)
  })

  it('reads the witness address the terminal calls for each further workstation', () => {
    assert.deepEqual(parseBenchConfig({ terminal: 'h:1', witness: { lanes: { 'LANE-2': '192.168.1.10:4112' } } }, 'b.json').witness.lanes, { 'LANE-2': { host: '192.168.1.10', port: 4112 } })
    assert.deepEqual(parseBenchConfig({ terminal: 'h:1' }, 'b.json').witness.lanes, {})
    assert.throws(() => parseBenchConfig({ terminal: 'h:1', witness: { lanes: { 'LANE-2': 'x' } } }, 'b.json'), /"witness.lanes.LANE-2" must be "host:port"/)
    assert.throws(() => parseBenchConfig({ terminal: 'h:1', witness: { lane: {} } }, 'b.json'), /"witness" has no setting "lane"; settings are listen, devices, lanes/)
  })

  it('reads a serial line as the link, and a faster clock only for a simulated bench', () => {
    const serial = parseBenchConfig({ link: { kind: 'serial', path: '/dev/ttyUSB0' } }, 'b.json')
    assert.deepEqual({ link: serial.link, terminal: serial.terminal }, { link: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115_200 }, terminal: undefined })
    assert.deepEqual(parseBenchConfig({ terminal: 'h:1' }, 'b.json').link, { kind: 'tcp' })
    assert.equal(parseBenchConfig({ simulate: { timeSpeed: 30 } }, 'b.json').simulate?.timeSpeed, 30)
    assert.throws(() => parseBenchConfig({ link: { kind: 'serial' } }, 'b.json'), /"link.path" must name the serial device/)
    assert.throws(() => parseBenchConfig({ link: { kind: 'serial', path: '/dev/ttyS0', baudRate: 12345 } }, 'b.json'), /standard rate/)
    assert.throws(() => parseBenchConfig({ link: { kind: 'serial', path: '/dev/ttyS0' }, witness: {} }, 'b.json'), /on a serial line the witness is clipped/)
    assert.throws(() => parseBenchConfig({ link: { kind: 'pigeon' }, terminal: 'h:1' }, 'b.json'), /"link.kind" must be "tcp" or "serial"/)
    assert.throws(() => parseBenchConfig({ simulate: { timeSpeed: 5000 } }, 'b.json'), /simulate.timeSpeed" must be from 1 to 1000/)
  })

  it('names the physical card and the trigger amounts from one data file', () => {
    const cards = TestCardRegistry.load()
    assert.deepEqual(cards.card('Maestro'), { profile: 'maestro', testCard: 'CCV test card Maestro (blue)', pin: '1234' })
    assert.equal(cards.hostDecision('declined').triggerAmount, '50.05')
    assert.throws(() => cards.card('Diners'), /no card for the profile "Diners"/)
  })
})

describe('manual-mode additions to the prompt desk', () => {
  const READ: OperatorPrompt = { kind: 'POS reading', instruction: 'Does your POS show "Payment approved / 10.00 EUR"?', action: { do: 'read POS', reading: { read: 'conclusion', of: 'the payment', expected: ['Payment approved', '10.00 EUR'] } } }

  it('keeps what the tester saw instead with the step, and prints it in the report', async () => {
    const clock = new VirtualClock()
    const desk = new PromptDesk(operator(clock, { answer: 'done', by: 'Jane', observed: 'Payment declined / Card declined' }), clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    const step = await driveUntilSettled(clock, desk.ask(READ), { what: 'the reading' })
    assert.equal(step.observed, 'Payment declined / Card declined')
    assert.match(manualStepsText(desk.steps), /-> done by Jane after 1\.0 s\n {2}-> the POS showed instead: Payment declined \/ Card declined\n$/)
  })

  it('withdraws a prompt the moment it is no longer needed, keeping it as skipped by the suite with the reason', async () => {
    const clock = new VirtualClock()
    const who = operator(clock, 'never')
    const desk = new PromptDesk(who, clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    const withdrawn = new AbortController()
    clock.setTimer(3_000, () => withdrawn.abort('the POS sent the payment to the terminal'))
    const step = await driveUntilSettled(clock, desk.ask(READ, { withdrawn: withdrawn.signal }), { what: 'the withdrawn prompt' })
    assert.deepEqual({ answer: step.answer, by: step.by, tookMs: step.tookMs, note: step.note }, { answer: 'skip', by: 'the suite', tookMs: 3_000, note: 'withdrawn: the POS sent the payment to the terminal' })
  })

  it('puts a second person alongside: their own queue, the same record, closed together', async () => {
    const clock = new VirtualClock()
    const atTerminal = new PromptDesk(operator(clock, { answer: 'done', by: 'Jane' }, 5_000), clock, DEFAULT_PROMPT_TIMEOUTS_MS)
    const atPos = atTerminal.alongside(operator(clock, { answer: 'done', by: 'Joe' }, 1_000))
    const steps = await driveUntilSettled(clock, Promise.all([atTerminal.ask(STOP), atPos.ask(READ)]), { what: 'two people' })
    assert.deepEqual(steps.map((s) => [s.by, s.askedAtMs - steps[0].askedAtMs, s.tookMs]), [['Jane', 0, 5_000], ['Joe', 0, 1_000]])
    assert.deepEqual(atTerminal.steps.map((s) => s.by), ['Joe', 'Jane'])
    atTerminal.close()
    assert.deepEqual(await atPos.ask(READ).then((s) => [s.answer, s.by]), ['skip', 'the suite'])
  })

  it('has its own configurable timeout per POS prompt kind', () => {
    const config = parseBenchConfig({ terminal: '127.0.0.1:4100', promptTimeoutsSeconds: { 'POS abort': 10, 'POS reading': 600 } }, 'bench.json')
    assert.deepEqual([config.promptTimeoutsMs['POS abort'], config.promptTimeoutsMs['POS reading'], config.promptTimeoutsMs['POS action']], [10_000, 600_000, 120_000])
  })
})
