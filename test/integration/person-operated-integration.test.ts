// Manual mode on virtual time: a tester who answers by script, and a terminal side fed by hand.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { PersonOperatedIntegration } from '../../src/integration/person-operated-integration'
import { parseJournal, parseState, parseTickets, statusShown } from '../../src/integration/pos-testimony'
import type { CardServiceRequest, CardServiceResponse, OpiMessage } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { CaseNotRun } from '../../src/operator/not-run'
import { DEFAULT_PROMPT_TIMEOUTS_MS, PromptDesk, manualStepsText, type OperatorPrompt, type OperatorReply } from '../../src/operator/prompts'
import type { WitnessRecord } from '../../src/proxy/wire-reader'

/** The terminal side, fed by the test as the witness would be. */
class Wire {
  private listener?: (record: WitnessRecord) => void
  constructor(private readonly clock: VirtualClock) {}
  readonly feed = (listener: (record: WitnessRecord) => void) => { this.listener = listener; return () => { this.listener = undefined } }
  pass(from: 'ECR' | 'terminal', channel: 0 | 1, message: OpiMessage): void {
    this.listener?.({ atMs: this.clock.now(), channel, from, message })
  }
  payment(id: string, cents: number): void {
    this.pass('ECR', 0, { kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: id, workstationId: 'POS1', totalAmount: money(cents) } as CardServiceRequest)
  }
  shows(id: string, text: string, target: 'CashierDisplay' | 'Printer' | 'JournalPrinter' | 'E-Journal' = 'CashierDisplay'): void {
    this.pass('terminal', 1, { kind: 'DeviceRequest', requestType: 'Output', requestId: id, workstationId: 'POS1', outputs: [{ target, textLines: text.split(' / ').map((t) => ({ text: t })) }] })
  }
  answers(id: string, overallResult: CardServiceResponse['overallResult'], cents: number, errorText?: string): void {
    this.pass('terminal', 0, { kind: 'CardServiceResponse', requestType: 'CardPayment', requestId: id, workstationId: 'POS1', overallResult, tender: { totalAmount: money(cents) }, ...(errorText && { privateData: { errorText } }) })
  }
}

type Script = (prompt: OperatorPrompt) => OperatorReply | 'never' | undefined

/** A tester who takes `afterMs` for each prompt and answers as `script` says (done by default). */
function tester(clock: VirtualClock, script: Script = () => undefined, afterMs = 2_000) {
  const asked: { prompt: OperatorPrompt; atMs: number }[] = []
  return {
    asked,
    operator: {
      name: 'Jane',
      ask: (prompt: OperatorPrompt, cancelled: AbortSignal) => new Promise<OperatorReply>((resolve) => {
        asked.push({ prompt, atMs: clock.now() })
        const reply = script(prompt) ?? { answer: 'done', by: 'Jane' }
        if (reply === 'never') return
        const timer = clock.setTimer(afterMs, () => resolve(reply))
        cancelled.addEventListener('abort', () => timer.cancel())
      }),
    },
  }
}

function rig(script?: Script, timeouts = DEFAULT_PROMPT_TIMEOUTS_MS) {
  return rigOnWire(() => script ?? (() => undefined), timeouts)
}

/** The tester's script built on the terminal side: a POS whose keys send requests the terminal answers. */
function rigOnWire(script: (wire: Wire, clock: VirtualClock) => Script, timeouts = DEFAULT_PROMPT_TIMEOUTS_MS) {
  const clock = new VirtualClock()
  const wire = new Wire(clock)
  const person = tester(clock, script(wire, clock))
  const desk = new PromptDesk(person.operator, clock, timeouts)
  const pos = new PersonOperatedIntegration(desk, { pos: 'Kassa 3.2', terminalSide: wire.feed, clock })
  const run = <T>(work: Promise<T>) => driveUntilSettled(clock, work, { what: 'the manual step' })
  return { clock, wire, person, desk, pos, run }
}

/** A POS whose keys send the payment: when the tester rings it up, the request goes out and the terminal answers. */
function terminalAnswering(wire: Wire, clock: VirtualClock, overallResult: CardServiceResponse['overallResult'], errorText?: string): Script {
  return (prompt) => {
    if (prompt.action.do === 'on POS' && prompt.action.pos.act === 'pay by card') {
      const cents = prompt.action.pos.amount.minor
      clock.setTimer(2_500, () => wire.payment('7', cents))
      clock.setTimer(4_000, () => wire.shows('7.1', 'Present card'))
      clock.setTimer(9_000, () => wire.answers('7', overallResult, cents, errorText))
    }
    return undefined
  }
}

describe('the person-operated integration (manual mode)', () => {
  it('names the POS and says a person operates it', () => {
    assert.equal(rig().pos.description, 'Kassa 3.2 (operated by the tester following prompts)')
  })

  it('prompts the cashier\'s action in plain words, then asks the tester to confirm what the terminal\'s answer should show', async () => {
    const { pos, run, desk } = rigOnWire((wire, clock) => terminalAnswering(wire, clock, 'Success'))
    const outcome = await run(pos.payByCard(money(1000)))
    assert.deepEqual({ status: outcome.status, amount: outcome.amount, requestId: outcome.requestId }, { status: 'approved', amount: money(1000), requestId: '7' })
    assert.deepEqual(desk.steps.map((s) => [s.prompt.kind, s.prompt.instruction, s.answer]), [
      ['POS action', 'Ring up 10.00 EUR on your POS as a new sale and choose card.', 'done'],
      ['POS reading', 'Your POS has not sent the card payment of 10.00 EUR to the terminal (yet). What does it show? If it is still working, wait.', 'skip'],
      ['POS reading', 'The terminal answered the card payment of 10.00 EUR with Success. Does your POS show "Payment approved / 10.00 EUR"?', 'done'],
    ])
    assert.equal(desk.steps[1].note, 'withdrawn: the POS sent the card payment of 10.00 EUR to the terminal')
    // The conclusion is asked for only once the terminal has answered (9 s after the cashier was asked), not before.
    assert.equal(desk.steps[2].askedAtMs - desk.steps[0].askedAtMs, 9_000)
  })

  it('takes what the tester saw instead as the reading, so the Then fails with it', async () => {
    const { pos, run, desk } = rigOnWire((wire, clock) => {
      const cashier = terminalAnswering(wire, clock, 'Failure', 'Card declined')
      return (p) => p.action.do === 'read POS' && p.action.reading.read === 'conclusion' && p.action.reading.expected
        ? { answer: 'done', by: 'Jane', observed: 'Payment approved / 50.05 EUR' } : cashier(p)
    })
    const outcome = await run(pos.payByCard(money(5005)))
    assert.deepEqual({ status: outcome.status, amount: outcome.amount }, { status: 'approved', amount: money(5005) })
    assert.match(desk.steps.at(-1)!.prompt.instruction, /with Failure\. Does your POS show "Payment declined \/ Card declined"\?$/)
    assert.deepEqual((await run(pos.display())).filter((m) => m.source === 'register').map((m) => m.lines), [['Payment approved', '50.05 EUR']])
    assert.match(manualStepsText(desk.steps), /-> the POS showed instead: Payment approved \/ 50\.05 EUR/)
  })

  it('reads a conclusion the POS reached without asking the terminal from what the tester typed', async () => {
    const { pos, run, desk } = rig((p) => p.action.do === 'read POS' ? { answer: 'done', by: 'Jane', observed: 'Amount not accepted / the amount must be above 0.00' } : undefined)
    const outcome = await run(pos.payByCard(money(0)))
    assert.deepEqual({ status: outcome.status, reason: outcome.reason, requestId: outcome.requestId }, { status: 'refused by register', reason: 'the amount must be above 0.00', requestId: undefined })
    assert.equal(desk.steps.length, 2)
  })

  for (const [reply, reason] of [
    [{ answer: 'could not', by: 'Jane', note: 'the card key is broken' }, /"Ring up 10\.00 EUR on your POS as a new sale and choose card\." could not be carried out \(the card key is broken\)/],
    [{ answer: 'skip', by: 'Jane' }, /was skipped/],
  ] as const) {
    it(`does not run the case when the tester answers an action "${reply.answer}"`, async () => {
      const { pos, run } = rig(() => reply)
      await assert.rejects(run(pos.payByCard(money(1000))), (error: unknown) => error instanceof CaseNotRun && reason.test(error.reason))
    })
  }

  it('does not run the case when a prompt times out, after its own kind\'s timeout', async () => {
    const { pos, run, desk } = rig(() => 'never', { ...DEFAULT_PROMPT_TIMEOUTS_MS, 'POS power': 45_000 })
    await assert.rejects(run(pos.restart()), (error: unknown) => error instanceof CaseNotRun && /was not answered \(no answer within 45 s \(timeout for "POS power" prompts\)\)/.test(error.reason))
    assert.deepEqual(desk.steps.map((s) => [s.prompt.kind, s.answer, s.tookMs]), [['POS power', 'timed out', 45_000]])
  })

  it('restarts in two prompts, the power back between them after the time off the scenario asks for', async () => {
    const { pos, run, desk, clock } = rig()
    let powerBackAtMs = 0
    await run(pos.restart({ offForMs: 5_000, onPowerBack: () => { powerBackAtMs = clock.now() } }))
    const [off, on] = desk.steps
    assert.deepEqual([off.prompt.action, on.prompt.action], [{ do: 'on POS', pos: { act: 'switch off' } }, { do: 'on POS', pos: { act: 'switch on' } }])
    assert.deepEqual([powerBackAtMs - (off.askedAtMs + off.tookMs), on.askedAtMs - powerBackAtMs], [5_000, 0])
  })

  it('does not run the case when the tester cannot look at the POS', async () => {
    const { pos, run } = rig((p) => p.action.do === 'read POS' ? { answer: 'could not', by: 'Jane', note: 'the display is off' } : undefined)
    await assert.rejects(run(pos.closePeriod()), (error: unknown) => error instanceof CaseNotRun && /the display is off/.test(error.reason))
  })

  it('asks for the Abort key the moment the terminal shows the cashier the card prompt, not before', async () => {
    const { clock, wire, pos, run, person } = rig()
    const pressed = pos.pressAbortWhenTerminalShows(/^Present card/i, 10)
    clock.setTimer(3_000, () => wire.shows('7.1', 'Insert card or tap / 10.00 EUR'))
    clock.setTimer(30_000, () => wire.shows('7.2', 'Present card / 10.00 EUR'))
    await run(pressed)
    assert.deepEqual(person.asked.map((a) => [a.prompt.kind, a.atMs - person.asked[0].atMs + 30_000, a.prompt.action]), [['POS abort', 30_000, { do: 'on POS', pos: { act: 'press abort', presses: 10 } }]])
    assert.equal(person.asked[0].prompt.instruction, 'Your POS shows "Present card / 10.00 EUR" from the terminal: press your POS\'s abort (cancel) key now, 10 times, as fast as you can (within about 2 s).')
  })

  it('asks for no Abort press when the payment concludes before the terminal showed the moment', async () => {
    const { pos, run, person } = rig((p) => p.action.do === 'read POS' ? { answer: 'done', by: 'Jane', observed: 'Amount not accepted / the amount must be above 0.00' } : undefined)
    const [, outcome] = await run(Promise.all([pos.pressAbortWhenTerminalShows(/^Present card/i), pos.payByCard(money(0))]))
    assert.equal(outcome.status, 'refused by register')
    assert.deepEqual(person.asked.map((a) => a.prompt.kind), ['POS action', 'POS reading'])
  })

  it('asks each reading once until something changes, stating what the terminal sent', async () => {
    const { wire, pos, run, person } = rigOnWire((w, c) => terminalAnswering(w, c, 'Success'))
    await run(pos.payByCard(money(1000)))
    wire.shows('7.3', 'CUSTOMER COPY / 10.00 EUR', 'Printer')
    wire.shows('7.4', 'Terminal 1 / 10.00 EUR', 'E-Journal')
    const first = await run(pos.display())
    const again = await run(pos.display())
    assert.deepEqual(again, first)
    assert.deepEqual(first.map((m) => [m.source, m.lines[0]]), [['terminal', 'Present card'], ['register', 'Payment approved']])
    const printouts = await run(pos.printouts())
    assert.deepEqual(printouts.map((p) => [p.printer, p.requestId, p.lines]), [['receipt', '7', ['CUSTOMER COPY', '10.00 EUR']]])
    const journal = await run(pos.journal())
    assert.deepEqual(journal.map((e) => [e.requestId, e.requestType, e.amount, e.result, e.terminalRecord]), [['7', 'CardPayment', money(1000), 'approved', ['Terminal 1', '10.00 EUR']]])
    const readings = person.asked.filter((a) => a.prompt.action.do === 'read POS').map((a) => a.prompt.instruction)
    assert.deepEqual(readings.slice(-3), [
      'While it ran, did your POS show each message the terminal sent for the cashier, in this order: Present card?',
      'Did your POS print exactly these tickets, in this order: receipt: CUSTOMER COPY / 10.00 EUR?',
      'Open your POS\'s journal: does it hold exactly these entries of this case, in this order: CardPayment 10.00 EUR approved?',
    ])
  })

  it('asks nothing about a POS nobody has touched in this case: it is as the tester confirmed it when getting ready', async () => {
    const { pos, run, person } = rig()
    await run(pos.start())
    assert.deepEqual(await run(Promise.all([pos.display(), pos.printouts(), pos.journal(), pos.state()])), [[], [], [], { paymentRunning: false, saleOpen: false, leftToPay: undefined }])
    assert.deepEqual(person.asked.map((a) => a.prompt.action), [{ do: 'on POS', pos: { act: 'get ready' } }])
  })

  it('shares one prompt between readings asked together', async () => {
    const { pos, run, person } = rig()
    await run(pos.closePeriod())
    await run(Promise.all([pos.journal(), pos.journal(), pos.printouts()]))
    assert.deepEqual(person.asked.map((a) => a.prompt.action.do === 'read POS' && a.prompt.action.reading.read), [false, 'action result', 'journal', 'printouts'])
  })

  it('keeps track of the open bill and asks the tester to confirm what is left to pay', async () => {
    const { pos, run, person } = rig((p) => p.action.do === 'read POS' && p.action.reading.read === 'conclusion' ? { answer: 'done', by: 'Jane', observed: 'Payment approved / 10.00 EUR' } : undefined)
    await run(pos.openSale(money(3000)))
    await run(pos.payByCard(money(1000), { part: true }))
    assert.deepEqual(await run(pos.state()), { paymentRunning: false, saleOpen: true, leftToPay: money(2000) })
    assert.equal(person.asked.at(-1)!.prompt.instruction, 'Look at your POS: is it showing "payment not running, sale open, 20.00 EUR left to pay"?')
  })

  it('rates a message the suite does not know as an error in the run, naming it', async () => {
    const { pos, run } = rig((p) => p.action.do === 'read POS' ? { answer: 'done', by: 'Jane', observed: 'Bezahlung abgelehnt' } : undefined)
    await assert.rejects(run(pos.payByCard(money(1000))), /the tester saw "Bezahlung abgelehnt" on the POS, which is none of the conclusions the suite knows/)
  })
})

describe('what a tester writes down', () => {
  it('reads headlines and statuses as conclusions', () => {
    assert.deepEqual([['Payment cancelled', '10.00 EUR'], ['declined'], ['Payment result unknown'], ['Approved!']].map(statusShown), ['aborted', 'declined', 'unknown', undefined])
  })

  it('reads tickets, journal entries and the register state, and says which form it wanted', () => {
    assert.deepEqual(parseTickets('receipt: A / B | journal: C'), [{ printer: 'receipt', lines: ['A', 'B'] }, { printer: 'journal', lines: ['C'] }])
    assert.deepEqual(parseTickets('nothing'), [])
    assert.deepEqual(parseJournal('CardPayment 10.00 EUR approved | PaymentReversal timed out'), [
      { requestType: 'CardPayment', amount: money(1000), result: 'approved' }, { requestType: 'PaymentReversal', amount: undefined, result: 'timed out' }])
    assert.deepEqual(parseState('payment running, no sale open'), { paymentRunning: true, saleOpen: false, leftToPay: undefined })
    assert.throws(() => parseState('busy'), /is not in the form "payment not running, sale open/)
  })
})
