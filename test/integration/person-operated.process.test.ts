// Manual mode end to end: python-pos as the tester's POS, the simulated terminal behind the recording
// witness, and a scripted person who answers every prompt with the POS's keys and eyes (its driver).
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { SystemClock } from '../../src/clock/system-clock'
import { DriverClient } from '../../src/integration/driver-client'
import { PersonOperatedIntegration } from '../../src/integration/person-operated-integration'
import { money } from '../../src/opi/money'
import { DEFAULT_PROMPT_TIMEOUTS_MS, PromptDesk, type ManualStep } from '../../src/operator/prompts'
import { ScriptedPosPerson } from '../../src/operator/scripted-pos-person'
import type { WitnessRecord } from '../../src/proxy/wire-reader'
import { ReferenceEcrIntegration } from '../../src/integration/reference-ecr-integration'
import { cardProfile } from '../../src/terminal/cards'
import { SimulatedRig } from '../../support/simulated-rig'
import { JOURNEYS, journey } from './cashier-journeys'
import { startPosPair, type PosPair } from './pos-processes'

const PERSON = 'scripted person at the POS (driver contract)'

/** A step as the report shows it: kind, the words the tester read, the answer and who gave it. */
const asReported = (s: ManualStep) => [s.prompt.kind, s.prompt.instruction, s.answer, s.by]

describe('manual mode: python-pos operated by a scripted person following prompts', () => {
  let pair: PosPair
  let desk: PromptDesk
  let pos: PersonOperatedIntegration
  let driver: DriverClient
  const seen: WitnessRecord[] = []

  before(async () => {
    pair = await startPosPair({ terminal: 'in-process', witnessed: true, cardholderDelayMs: 200 })
    pair.witness!.onRecord((record) => seen.push(record))
    driver = new DriverClient({ baseUrl: pair.driverUrl, timeoutMs: 5000 })
    // Short timeouts: a scripted person answers in milliseconds, and a hang must fail the test, not stall it.
    const timeouts = { ...DEFAULT_PROMPT_TIMEOUTS_MS, 'POS action': 10_000, 'POS abort': 5_000, 'POS power': 30_000, 'POS reading': 20_000 }
    desk = new PromptDesk(new ScriptedPosPerson(driver), new SystemClock(), timeouts)
    pos = new PersonOperatedIntegration(desk, { pos: 'python-pos 0.1.0', terminalSide: (listener) => pair.witness!.onRecord(listener), clock: new SystemClock(), answerWithinMs: 20_000 })
    await pos.start()
  })

  after(async () => {
    desk?.close()
    await pos?.stop()
    await pair?.stop()
  })

  /** Steps from here on, without the prompts the suite withdrew because the wire was quicker than the tester. */
  let from = 0
  beforeEach(() => { from = desk.steps.length })
  const journeySteps = () => desk.steps.slice(from).filter((s) => s.by !== 'the suite')

  it('got the POS ready with a prompt, and names the POS as operated by a person', () => {
    assert.equal(pos.description, 'python-pos 0.1.0 (operated by the tester following prompts)')
    assert.deepEqual(desk.steps.map(asReported), [['POS action', 'Make sure your POS is running, connected to the terminal, with no sale open and nothing on its display but its idle screen.', 'done', PERSON]])
  })

  it('an approved payment: the tester rings it up, the terminal approves, the tester confirms what the POS shows', async () => {
    const outcome = await pos.payByCard(money(1000))
    assert.deepEqual({ status: outcome.status, amount: outcome.amount }, { status: 'approved', amount: money(1000) })
    assert.deepEqual(journeySteps().map(asReported), [
      ['POS action', 'Ring up 10.00 EUR on your POS as a new sale and choose card.', 'done', PERSON],
      ['POS reading', 'The terminal answered the card payment of 10.00 EUR with Success. Does your POS show "Payment approved / 10.00 EUR"?', 'done', PERSON],
    ])
    assert.ok(desk.steps.slice(from).every((s) => s.by !== 'the suite' || s.note === 'withdrawn: the POS sent the card payment of 10.00 EUR to the terminal'))
    const request = seen.find((r) => r.message?.kind === 'CardServiceRequest' && r.message.requestId === outcome.requestId)
    assert.equal(request?.message?.kind === 'CardServiceRequest' && request.message.totalAmount?.minor, 1000, 'the terminal side saw the POS ask for 10.00')
  })

  it('reads display, printouts and journal by asking the tester to confirm what the terminal sent and the POS concluded', async () => {
    const shown = await pos.display()
    const printed = await pos.printouts()
    const journal = await pos.journal()
    assert.deepEqual(shown.filter((m) => m.source === 'register').map((m) => m.lines), [['Payment approved', '10.00 EUR']])
    assert.ok(shown.some((m) => m.source === 'terminal' && /^Present card/.test(m.lines[0])), 'the terminal\'s card prompt, confirmed on the POS')
    assert.deepEqual(printed.map((p) => [p.printer, p.lines.at(-1)]), [['receipt', 'CUSTOMER COPY'], ['journal', 'MERCHANT COPY']])
    assert.deepEqual(journal.map((e) => [e.requestType, e.amount, e.result]), [['CardPayment', money(1000), 'approved']])
    assert.deepEqual(journeySteps().map((s) => [s.prompt.kind, s.answer, s.observed]), [['POS reading', 'done', undefined], ['POS reading', 'done', undefined], ['POS reading', 'done', undefined]])
  })

  it('a declined payment: the tester confirms the decline or says what the POS showed instead', async () => {
    const outcome = await pos.payByCard(money(5005))
    const shownOnPos = (await driver.display()).messages.filter((m) => m.source === 'register').at(-1)!.lines
    assert.deepEqual({ status: outcome.status, headline: shownOnPos[0] }, { status: 'declined', headline: 'Payment declined' })
    const reading = journeySteps().at(-1)!
    assert.match(reading.prompt.instruction, /^The terminal answered the card payment of 50\.05 EUR with Failure\. Does your POS show "Payment declined \/ .+"\?$/)
    // Whatever the suite expected as the reason, the reading is what the POS showed.
    assert.equal(reading.observed ?? reading.prompt.instruction.match(/"(.+)"/)![1], shownOnPos.join(' / '))
  })

  it('an abort: the Abort prompt comes when the terminal shows the card prompt, and the payment ends cancelled', async () => {
    await fetch(`${pair.controlUrl}/cardholder/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) })
    try {
      const [, outcome] = await Promise.all([pos.pressAbortWhenTerminalShows(/^Present card/i), pos.payByCard(money(1000))])
      assert.equal(outcome.status, 'aborted')
      const steps = journeySteps()
      assert.deepEqual(steps.map((s) => s.prompt.kind), ['POS action', 'POS abort', 'POS reading'])
      assert.match(steps[1].prompt.instruction, /^Your POS shows "Present card.*" from the terminal: press your POS's abort \(cancel\) key now, once\.$/)
      const cardPrompt = seen.find((r) => r.atMs >= steps[0].askedAtMs && r.message?.kind === 'DeviceRequest' && r.message.outputs.some((o) => o.target === 'CashierDisplay' && /^Present card/.test(o.textLines[0]?.text ?? '')))
      assert.ok(cardPrompt && steps[1].askedAtMs >= cardPrompt.atMs, 'asked for the Abort key only once the terminal had shown the card prompt')
      const aborts = seen.filter((r) => r.atMs >= steps[0].askedAtMs && r.message?.kind === 'CardServiceRequest' && r.message.requestType === 'AbortRequest')
      assert.equal(aborts.length, 1, 'the terminal side saw one AbortRequest from the POS')
      assert.match(steps[2].prompt.instruction, /with Aborted\. Does your POS show "Payment cancelled \/ 10\.00 EUR/)
    } finally {
      await fetch(`${pair.controlUrl}/cardholder/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true }) })
    }
  })

  it('a refund, a reprint, the period closing and a restart, each prompted and read back from the tester', async () => {
    assert.equal((await pos.refund(money(500))).status, 'approved')
    assert.deepEqual(await pos.reprintLastTicket(), { succeeded: true })
    assert.deepEqual(await pos.closePeriod(), { succeeded: true })
    assert.equal(await pos.restart(), undefined)
    assert.deepEqual(journeySteps().map((s) => [s.prompt.kind, s.prompt.instruction.split(/[.?] /)[0], s.answer]), [
      ['POS action', 'Start a card refund of 5.00 EUR on your POS.', 'done'],
      ['POS reading', 'The terminal answered the refund of 5.00 EUR with Success', 'done'],
      ['POS action', 'Ask your POS to reprint the last ticket.', 'done'],
      ['POS reading', 'Did your POS report the reprint as done', 'done'],
      ['POS action', 'Close the period (end of day) on your POS.', 'done'],
      ['POS reading', 'Did your POS report the period closing as done', 'done'],
      ['POS power', 'Switch your POS off as in a power loss: pull its mains plug (or kill its program), now, whatever it is doing.', 'done'],
      ['POS power', 'Switch your POS on again, and answer once it is ready for a sale.', 'done'],
      ['POS reading', 'After the restart, did your POS show nothing about an earlier payment', 'done'],
    ])
  })

  it('a reversal the POS refuses itself: the reading is what the tester saw, as they typed it', async () => {
    const outcome = await pos.reverse('999999')
    const shownOnPos = (await driver.display()).messages.filter((m) => m.source === 'register').at(-1)!.lines
    // python-pos words it "Payment declined / trace 999999 is not the last approved payment ...": declined, as it showed.
    assert.deepEqual({ status: outcome.status, shown: journeySteps().at(-1)!.observed }, { status: 'declined', shown: shownOnPos.join(' / ') })
    assert.match(shownOnPos[1], /999999/)
  })

  it('the next case on the same POS: the tester reads only what this case journaled and printed', async () => {
    const nextCase = new PersonOperatedIntegration(desk, { pos: 'python-pos 0.1.0', terminalSide: (listener) => pair.witness!.onRecord(listener), clock: new SystemClock() })
    await nextCase.start()
    try {
      assert.equal((await nextCase.payByCard(money(700))).status, 'approved')
      assert.deepEqual([(await nextCase.journal()).map((e) => [e.amount, e.result]), (await nextCase.printouts()).length], [[[money(700), 'approved']], 2])
      assert.deepEqual(journeySteps().slice(-2).map((s) => [s.prompt.action.do === 'read POS' && s.prompt.action.reading.read, s.answer, s.note, s.observed]), [['journal', 'done', 'as stated', undefined], ['printouts', 'done', 'as stated', undefined]])
    } finally {
      await nextCase.stop()
    }
  })

  it('an action the POS will not take makes the case not run, with the POS\'s words', async () => {
    await assert.rejects(pos.reverse('abc'), (error: Error) => error.name === 'CaseNotRun' && /could not be carried out \(the POS would not: .*stan must be the trace number's digits/.test((error as Error & { reason: string }).reason))
  })
})

// What the tester confirms or types must come out as what the POS concluded, journaled and showed: the
// reference ECR in-process and python-pos operated through prompts agree journey by journey.
describe('manual mode and the reference ECR agree on what the cashier sees', { concurrency: 1 }, () => {
  let pair: PosPair
  let desk: PromptDesk
  let pos: PersonOperatedIntegration
  const rigs: SimulatedRig[] = []

  before(async () => {
    pair = await startPosPair({ terminal: 'in-process', witnessed: true })
    desk = new PromptDesk(new ScriptedPosPerson(new DriverClient({ baseUrl: pair.driverUrl, timeoutMs: 5000 })), new SystemClock(), { ...DEFAULT_PROMPT_TIMEOUTS_MS, 'POS reading': 20_000 })
    pos = new PersonOperatedIntegration(desk, { pos: 'python-pos 0.1.0', terminalSide: (listener) => pair.witness!.onRecord(listener), clock: new SystemClock(), answerWithinMs: 20_000 })
    await pos.start()
  })
  after(async () => {
    rigs.forEach((r) => r.dispose())
    desk?.close()
    await pos?.stop()
    await pair?.stop()
  })

  for (const [name, run] of JOURNEYS) {
    it(name, async () => {
      const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 7 })
      rigs.push(r)
      await r.start()
      r.cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
      const reference = new ReferenceEcrIntegration(r)
      const ours = await r.run('the journey', () => journey(reference, run))
      const from = desk.steps.length
      assert.deepEqual(await journey(pos, run), ours)
      assert.ok(desk.steps.slice(from).every((s) => s.answer === 'done' || s.note?.startsWith('withdrawn: ')), 'every prompt answered, or withdrawn by the suite')
    })
  }
})
