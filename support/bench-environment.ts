import { AssertionError } from 'chai'
import { describeMoney } from '../src/opi/money'
import { CaseNotRun } from '../src/operator/not-run'
import type { FirmwareVariant, ManualStep, OperatorPrompt, PromptDesk } from '../src/operator/prompts'
import type { HostDecision, TestCardRegistry, TestCardUse } from '../src/operator/test-card-registry'
import type { WitnessRecord } from '../src/proxy/wire-reader'
import type { CardholderPlan } from '../src/terminal/scripted-cardholder'
import { describeApprovals, type Approval, type Environment, type HostRecords, type TerminalFact } from './environment'
import { linesInRowOrder } from './observations'

/** The terminal's moments, recognised in the text it sends for the cashier display; per bench, per language. */
export interface ScreenTexts {
  'present card': RegExp
  'enter PIN': RegExp
  'remove card': RegExp
  /** Card and PIN done, the host deciding: "Please wait". */
  authorising: RegExp
}

export const ENGLISH_SCREEN_TEXTS: ScreenTexts = { 'present card': /^Present (one )?card/i, 'enter PIN': /PIN/i, 'remove card': /Remove card/i, authorising: /wait/i }

type Moment = keyof ScreenTexts

/**
 * A cardholder slower than this is slow on purpose (Q1F: lane 2's customer keeps the terminal busy), so
 * the person at the bench is told to take that long; quicker ones act as soon as they can.
 */
const UNHURRIED_MS = 10_000

/**
 * The environment on a real bench: every Given becomes a prompt to the person at the terminal. Card
 * and PIN prompts appear when the terminal asks for them, as the witness on the wire sees its messages
 * for the cashier; set-up facts are asked for at once. An answer other than "done" ends the case as
 * not run: `refusal` rejects with the reason, and the rig stops waiting for the payment.
 */
export class BenchEnvironment implements Environment {
  private plan?: CardholderPlan
  private stopInstead = false
  private lastMoment?: Moment
  /** Moments already prompted, per request: a terminal that repeats its text gets one prompt. */
  private readonly prompted = new Set<string>()
  private removalsIgnored = 0
  private issuerDeclines?: HostDecision
  /** The test card whose balance was set for this case (C1A's partial approval): the card to present. */
  private limitedFundsCard?: HostDecision
  /** What the test host will do with the running payment's amount, from the registry, for the prompt. */
  private amountHint?: string
  /** How long the cable pulled in this case stays out, until the person says it is back. */
  private cablePulled?: number
  private linkFault?: { fact: 'link down from payment start' | 'link drops before the answer'; forMs: number }
  private rejectRefusal!: (reason: CaseNotRun) => void
  private readonly momentWaiters: { moment: Moment; resolve: () => void }[] = []
  /** Display requests that carried a moment, by RequestID, until the register answers them. */
  private readonly awaitingAnswer = new Map<string, Moment>()
  /** The first prompt not carried out, for a check after the last step. */
  refused?: CaseNotRun
  /** Rejects with the first prompt that was not carried out. */
  readonly refusal: Promise<never>

  constructor(
    private readonly desk: PromptDesk, private readonly cards: TestCardRegistry, private readonly screens: ScreenTexts,
    /** The witness stops taking the register's connections once it finds the terminal off (throws CaseNotRun if it cannot). */
    private readonly witnessFollowsPowerOff: () => Promise<void> = () => Promise.reject(new CaseNotRun('this bench\'s witness cannot refuse the register\'s connections for a switched-off terminal')),
    /** Throws CaseNotRun when the integration could not wait that long for the cable, before the operator is asked to pull it. */
    private readonly mayPullCableFor: (durationMs: number) => void = () => undefined,
  ) {
    this.refusal = new Promise<never>((_, reject) => { this.rejectRefusal = reject })
    this.refusal.catch(() => undefined)
  }

  cardholderWillPay(plan: CardholderPlan): void {
    this.plan = plan
    this.stopInstead = false
    this.removalsIgnored = 0
  }

  cardholderWillPressStop(): void {
    this.plan = undefined
    this.stopInstead = true
  }

  issuerWillDeclineNext(): void {
    // The bench cannot make an issuer refuse one payment: the operator uses the test card that is always refused.
    this.issuerDeclines = this.cards.hostDecision('issuer declines')
  }

  async arrange(fact: TerminalFact): Promise<void> {
    if (fact.fact === 'link down from payment start' || fact.fact === 'link drops before the answer') {
      // Asked now, for a hand on the plug: the instant comes during the payment, while other prompts run.
      this.mayPullCableFor(fact.forMs)
      const fromStart = fact.fact === 'link down from payment start'
      const when = fromStart ? 'the moment the cashier starts the next payment' : 'the instant the terminal shows the next payment\'s result'
      this.linkFault = fact
      this.cablePulled = fact.forMs
      await this.require({ kind: 'cable', instruction: `Take hold of the network cable between register and terminal: pull it out ${when}, and plug it back in after ${fact.forMs / 1000} seconds. Answer done when your hand is on the plug.`, action: { do: 'pull cable', forMs: fact.forMs, when: fromStart ? 'payment starts' : 'before the answer' } })
      return
    }
    if (fact.fact === 'terminal switched off') {
      await this.require({ kind: 'power', instruction: 'Switch the terminal off, and leave it off until asked.', action: { do: 'switch off' } })
      // The witness between register and terminal must refuse as the terminal does, or the register sees a dropped link instead.
      await this.witnessFollowsPowerOff()
      return
    }
    if (fact.fact === 'card funds') {
      const decision = this.cards.hostDecision('limited funds')
      const card = this.card(fact.card.name)
      this.limitedFundsCard = decision
      const which = decision.testCard ? `the test card "${decision.testCard}"` : `a "${card.testCard}"`
      await this.require({ kind: 'confirm', instruction: `In CCV's test back office, set the balance of ${which} to ${describeMoney(fact.available)} (${decision.how}), and keep it at hand for the next payment. Answer done when the balance is set.`, action: { do: 'limit funds', card, availableCents: fact.available.minor } })
      return
    }
    await this.require(setUpPrompt(fact))
  }

  /** Every record the witness sees; the moments the terminal asks the cardholder for something. */
  witnessed(record: WitnessRecord): void {
    const message = record.message
    if (record.from === 'ECR' && message?.kind === 'CardServiceRequest' && message.requestType === 'CardPayment' && this.linkFault) {
      const fault = this.linkFault
      this.linkFault = undefined
      // With the cable out the terminal asks for card and PIN on its own screen only, where the witness cannot see it.
      if (fault.fact === 'link down from payment start') for (const moment of ['present card', 'enter PIN'] as const) this.promptOnce(`${message.requestId} ${moment}`, moment)
    }
    // A new request starts the terminal's moments afresh: "Remove card" again is a new prompt.
    if (record.from === 'ECR' && message?.kind === 'CardServiceRequest') {
      this.lastMoment = undefined
      this.amountHint = message.totalAmount ? this.cards.triggeredBy(message.totalAmount.minor) : undefined
    }
    // The register answering a moment's display request is when the moment is on its screen and the
    // terminal goes on: cutting the register's power before that answer would stop the terminal, not test recovery.
    if (record.from === 'ECR' && message?.kind === 'DeviceResponse') {
      const shown = this.awaitingAnswer.get(message.requestId)
      this.awaitingAnswer.delete(message.requestId)
      if (shown) this.shown(shown)
    }
    if (record.from !== 'terminal' || message?.kind !== 'DeviceRequest') return
    for (const output of message.outputs.filter((o) => o.target === 'CashierDisplay')) {
      // Read as the display shows it: a firmware may write the rows in any order (C1G).
      const text = linesInRowOrder(output.textLines).join(' ')
      const moment = (Object.keys(this.screens) as Moment[]).find((m) => this.screens[m].test(text))
      if (moment) this.awaitingAnswer.set(message.requestId, moment)
      if (moment && moment !== this.lastMoment) this.promptOnce(this.promptKey(message.requestId.split('.')[0], moment), moment)
      this.lastMoment = moment
    }
  }

  /**
   * A card left in from the last payment is asked out at the next request's start, and that request's own
   * card at its end: two removals of one request, each its own prompt.
   */
  private promptKey(request: string, moment: Moment): string {
    if (moment !== 'remove card') return `${request} ${moment}`
    return `${request} remove card ${this.prompted.has(`${request} present card`) ? 'after its card' : 'before its card'}`
  }

  /** One prompt per moment and request, whether the witness saw the moment or the cable hid it. */
  private promptOnce(key: string, moment: Moment): void {
    if (this.prompted.has(key)) return
    this.prompted.add(key)
    this.onMoment(moment)
  }

  /** Q1B: the cable pulled at the payment's start is back in; the person says so once it is. */
  async linkIsBack(): Promise<void> {
    if (this.cablePulled === undefined) return
    const forMs = this.cablePulled
    this.cablePulled = undefined
    await this.require({ kind: 'cable', instruction: `Plug the network cable between register and terminal back in, once it has been out for ${forMs / 1000} seconds, and answer when it is in.`, action: { do: 'plug cable' } })
  }

  /**
   * Resolves the next time the terminal's text for `moment` has reached the cashier display (the register
   * answered it) and the terminal goes on; not a moment shown before this call.
   */
  moment(moment: Moment): Promise<void> {
    return new Promise((resolve) => this.momentWaiters.push({ moment, resolve }))
  }

  private shown(moment: Moment): void {
    for (const waiter of this.momentWaiters.filter((w) => w.moment === moment)) {
      this.momentWaiters.splice(this.momentWaiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }

  private onMoment(moment: Moment): void {
    if (moment === 'present card' && this.stopInstead) {
      this.stopInstead = false
      this.promptInBackground({ kind: 'press Stop', instruction: 'Press the red Stop key on the terminal instead of presenting a card.', action: { do: 'press Stop' } })
      return
    }
    const plan = this.plan
    // A card left in the reader has to come out whoever's plan it was: the terminal will not go on without it.
    if (moment === 'remove card') {
      if (plan?.leavesCardIn && this.removalsIgnored++ === 0) {
        this.promptInBackground({ kind: 'remove card', instruction: 'Leave the card in the reader for now, although the terminal asks for it: take it out only when asked again.', action: { do: 'nothing', what: 'left the card in the reader' } })
        return
      }
      this.promptInBackground({ kind: 'remove card', instruction: 'Take the card out of the terminal.', action: { do: 'remove card' } })
      return
    }
    if (!plan) return
    const card = this.card(plan.card.name)
    if (moment === 'present card') {
      const also = (plan.alsoInField ?? []).map((c) => this.card(c.name))
      const how = { chip: 'Insert', contactless: 'Tap', magstripe: 'Swipe' }[plan.entry]
      const declined = this.issuerDeclines
      this.issuerDeclines = undefined
      const special = declined ?? this.limitedFundsCard
      this.limitedFundsCard = undefined
      const which = special?.testCard ? { ...card, testCard: special.testCard } : card
      const instruction = also.length
        ? `Hold "${also.map((c) => c.testCard).join('" and "')}" together with "${card.testCard}" to the reader, then tap "${card.testCard}" alone when the terminal asks for one card.`
        : `${how} the test card "${which.testCard}"${plan.entry === 'chip' ? ' into the chip reader' : plan.entry === 'contactless' ? ' on the reader' : ' through the stripe reader'}.`
      const hint = this.amountHint ? ` (${this.amountHint})` : ''
      this.promptInBackground({ kind: 'present card', instruction: `${unhurried(plan.reactionMs)}${instruction}${hint}`, action: { do: 'present card', card: which, entry: plan.entry, alsoInField: also, issuerDeclines: Boolean(declined), ...afterMs(plan.reactionMs) } })
    } else if (moment === 'enter PIN') {
      if (plan.pin === 'none') {
        this.promptInBackground({ kind: 'enter PIN', instruction: 'Do not enter a PIN: walk away from the terminal and let it time out.', action: { do: 'nothing', what: 'left the PIN prompt alone' } })
        return
      }
      if (plan.pin === 'stop') {
        this.promptInBackground({ kind: 'press Stop', instruction: 'At the PIN prompt, press the red Stop key instead of entering the PIN.', action: { do: 'press Stop' } })
        return
      }
      const pin = plan.pin === 'correct' ? `the correct PIN ${card.pin}` : `a wrong PIN (not ${card.pin})`
      this.promptInBackground({ kind: 'enter PIN', instruction: `${unhurried(plan.reactionMs)}Enter ${pin} for "${card.testCard}" and press the green OK key.`, action: { do: 'enter PIN', pin: plan.pin, card, ...afterMs(plan.reactionMs) } })
    }
  }

  private card(name: string): TestCardUse {
    return this.cards.card(name === 'American Express' ? 'amex' : name)
  }

  /** A prompt at a moment of the terminal's: its refusal reaches the scenario through `refusal`. */
  private promptInBackground(prompt: OperatorPrompt): void {
    this.require(prompt).catch(() => undefined)
  }

  /** Asks; anything but "done" makes the case not run, with the operator's words as the reason. */
  private async require(prompt: OperatorPrompt): Promise<ManualStep> {
    const step = await this.desk.ask(prompt)
    if (step.answer !== 'done') {
      const reason = notRunReason(step)
      this.refused ??= reason
      this.rejectRefusal(reason)
      throw reason
    }
    return step
  }
}

function unhurried(reactionMs: number): string {
  return reactionMs > UNHURRIED_MS ? `Take your time: wait ${reactionMs / 1000} seconds, then: ` : ''
}

function afterMs(reactionMs: number): { afterMs?: number } {
  return reactionMs > UNHURRIED_MS ? { afterMs: reactionMs } : {}
}

const FIRMWARE_WRITES: Record<FirmwareVariant, string> = {
  'plain request counter': 'numbers its messages to the register with a plain counter instead of per payment',
  'rows last first': 'writes the lines of each message to the register last row first',
}

function setUpPrompt(fact: Exclude<TerminalFact, { fact: 'link down from payment start' | 'link drops before the answer' | 'terminal switched off' | 'card funds' }>): OperatorPrompt {
  switch (fact.fact) {
    case 'terminal will not answer': return { kind: 'terminal', instruction: 'Set the terminal up to take the next payment request and never answer it (CCV\'s test mode for a hanging terminal).', action: { do: 'keep terminal silent' } }
    case 'terminal restarted': return { kind: 'power', instruction: 'Switch the terminal off and on again, and wait for its idle screen.', action: { do: 'restart terminal' } }
    case 'terminal occupied': return { kind: 'terminal', instruction: `Occupy the terminal with ${fact.with}, and leave it there until asked.`, action: { do: 'occupy terminal', with: fact.with } }
    case 'terminal idle again': return { kind: 'terminal', instruction: 'Bring the terminal back to its idle screen (leave the merchant menu, or let the other payment end).', action: { do: 'free terminal' } }
    case 'host reachable': return fact.reachable
      ? { kind: 'cable', instruction: 'Plug the terminal\'s own uplink back in, so it reaches the payment host again.', action: { do: 'plug uplink' } }
      : { kind: 'cable', instruction: 'Unplug the terminal\'s own uplink (not the register\'s cable), so it cannot reach the payment host, and leave it out until asked.', action: { do: 'unplug uplink' } }
    case 'partial approval allowed': return { kind: 'terminal', instruction: 'Make sure the terminal\'s acquirer profile allows partial approval (the host may approve less than the amount asked; CCV sets it per merchant contract). Answer done when it does, could not if this terminal\'s profile does not.', action: { do: 'allow partial approval' } }
    case 'terminal firmware': return { kind: 'terminal', instruction: `This case needs a terminal whose firmware ${FIRMWARE_WRITES[fact.variant]}. Load such a firmware (or put such a terminal on the bench) and answer done, then put the usual one back after the case; answer could not if the bench has none.`, action: { do: 'load firmware', variant: fact.variant } }
  }
}

export function notRunReason(step: ManualStep): CaseNotRun {
  const what = step.answer === 'timed out' ? 'had no answer in time' : `was answered "${step.answer}" by ${step.by}`
  return new CaseNotRun(`the operator prompt "${step.prompt.instruction}" ${what}${step.note ? ` (${step.note})` : ''}`)
}

/**
 * Money moved, on the bench: the operator reads CCV's test back office and confirms or denies what the
 * scenario expects. A denial fails the case; no answer makes it not run.
 */
export class BackOfficeRecords implements HostRecords {
  readonly source = 'CCV\'s test back office, as confirmed by the operator'

  constructor(private readonly desk: PromptDesk) {}

  async expectApprovals(expected: Approval[], what: string): Promise<void> {
    const cents = expected.reduce((sum, e) => sum + e.amount.minor, 0)
    const fact = `since this scenario started, the test host shows ${describeApprovals(expected)}, ${describeMoney({ minor: cents, currency: 'EUR' })} approved in total`
    const step = await this.desk.ask({ kind: 'confirm', instruction: `Open CCV's test back office and check: ${fact}. Answer done if it does, could not if it shows something else (say what).`, action: { do: 'confirm', fact, approvedCents: cents, approvals: expected.length } })
    if (step.answer === 'could not') throw new AssertionError(`${what}: the operator (${step.by}) reports that CCV's test back office does not show this: ${fact}${step.note ? `; it shows: ${step.note}` : ''}`)
    if (step.answer !== 'done') throw notRunReason(step)
  }
}
