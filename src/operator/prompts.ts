import type { Clock } from '../clock/clock'
import type { PosAct, PosReading } from './pos-prompts'
import type { TestCardUse } from './test-card-registry'

/** What the person at the bench is asked to do; each kind has its own timeout (bench config). */
export type PromptKind = 'present card' | 'enter PIN' | 'press Stop' | 'remove card' | 'cable' | 'power' | 'terminal' | 'confirm'
  /** Manual mode (a POS operated by the tester): keys on the POS, its Abort key, its power, and reading what it showed. */
  | 'POS action' | 'POS abort' | 'POS power' | 'POS reading'

/**
 * What the prompt asks for, in a form an adapter can act on (the scripted operator acts on the simulated
 * terminal's control channel; a person reads `instruction`).
 */
export type PromptAction =
  /** `issuerDeclines`: the card is the registry's "issuer declines" test card. */
  /** `afterMs`: a cardholder who takes their time, because the case needs the terminal busy that long. */
  | { do: 'present card'; card: TestCardUse; entry: 'chip' | 'contactless' | 'magstripe'; alsoInField?: TestCardUse[]; issuerDeclines?: boolean; afterMs?: number }
  | { do: 'enter PIN'; pin: 'correct' | 'wrong'; card: TestCardUse; afterMs?: number }
  | { do: 'press Stop' }
  | { do: 'remove card' }
  /** Nothing to do but hold back: leave the card in, or walk away at the PIN prompt. */
  | { do: 'nothing'; what: string }
  /** Done once a hand is on the plug, to pull it at `when` and put it back after `forMs`; `plug cable` then asks that it is back. */
  | { do: 'pull cable'; forMs: number; when: 'payment starts' | 'before the answer' }
  /** Done once the cable pulled earlier is back in. */
  | { do: 'plug cable' }
  /** The terminal's own uplink to the payment host: out until `plug uplink`. */
  | { do: 'unplug uplink' }
  | { do: 'plug uplink' }
  /** Off until the next scenario's tidy-up. */
  | { do: 'switch off' }
  /** Off and on again: a terminal that hung answers again. */
  | { do: 'restart terminal' }
  | { do: 'keep terminal silent' }
  | { do: 'occupy terminal'; with: 'its merchant menu' | 'another workstation\'s payment' }
  /** Leave the merchant menu, or let the other workstation's payment end: the terminal back on its idle screen. */
  | { do: 'free terminal' }
  /** The terminal's acquirer profile lets the host approve part of an amount. */
  | { do: 'allow partial approval' }
  /** The issuer's account behind `card` holds only `availableCents` (loaded in CCV's test back office). */
  | { do: 'limit funds'; card: TestCardUse; availableCents: number }
  /** A terminal whose firmware writes its messages to the register this way. */
  | { do: 'load firmware'; variant: FirmwareVariant }
  /** A fact only CCV's test back office knows: "done" confirms it, "could not" says it does not hold. */
  | { do: 'confirm'; fact: string; approvedCents: number; approvals: number }
  /** Manual mode: act on the POS under test, as its cashier or its power supply. */
  | { do: 'on POS'; pos: PosAct }
  /** Manual mode: look at the POS under test and confirm what it showed, printed or journaled, or say what instead. */
  | { do: 'read POS'; reading: PosReading }

/** Where terminal firmwares differ in how they write their messages to the register. */
export type FirmwareVariant = 'plain request counter' | 'rows last first'

export interface OperatorPrompt {
  kind: PromptKind
  /** Plain words for the person at the bench, with the test card by its registry name. */
  instruction: string
  action: PromptAction
}

export type Answer = 'done' | 'could not' | 'skip'

export interface OperatorReply {
  answer: Answer
  /** Who answered: the operator's name, or the scripted operator. */
  by: string
  /** Why, for "could not" and "skip". */
  note?: string
  /** A reading answered "done": what the operator saw instead of what the prompt stated (absent: as stated). */
  observed?: string
}

/** A prompt as it goes into the report: the manual step, its answer, who gave it and how long it took. */
export interface ManualStep {
  prompt: OperatorPrompt
  askedAtMs: number
  tookMs: number
  answer: Answer | 'timed out'
  by: string
  note?: string
  observed?: string
}

/** Anything that can answer prompts: a person at a console, a script, another integration adapter. */
export interface Operator {
  readonly name: string
  /** Asks and waits; `cancelled` fires when the prompt timed out or is no longer needed. */
  ask(prompt: OperatorPrompt, cancelled: AbortSignal): Promise<OperatorReply>
  /** A scenario begins: an operator that keeps its own baseline (back-office totals) takes it now. */
  scenarioStarts?(): Promise<void>
}

export type PromptTimeouts = Record<PromptKind, number>

/** Generous defaults: a person has to find the right card. Bench configs shorten or lengthen them. */
export const DEFAULT_PROMPT_TIMEOUTS_MS: PromptTimeouts = {
  'present card': 60_000, 'enter PIN': 60_000, 'press Stop': 30_000, 'remove card': 30_000,
  cable: 120_000, power: 120_000, terminal: 120_000, confirm: 300_000,
  'POS action': 120_000, 'POS abort': 30_000, 'POS power': 300_000, 'POS reading': 300_000,
}

/**
 * Puts prompts to an operator one at a time, each with its kind's wall-clock timeout, and keeps every
 * one as a manual step for the report. It never decides what the answer means for the scenario.
 */
export class PromptDesk {
  private queue: Promise<unknown> = Promise.resolve()
  private readonly open = new Set<AbortController>()
  private readonly companions: PromptDesk[] = []
  private closed = false

  /** `steps`: the record this desk adds to; a desk `alongside` another shares that one's. */
  constructor(private readonly operator: Operator, private readonly clock: Clock, private readonly timeouts: PromptTimeouts, readonly steps: ManualStep[] = []) {}

  /**
   * A second person at the same bench, with their own queue: the cashier at the POS in manual mode acts
   * while the person at the terminal holds a card to it. Their steps go into this desk's record, in the
   * order they are answered, and closing this desk closes theirs.
   */
  alongside(operator: Operator, timeouts: PromptTimeouts = this.timeouts): PromptDesk {
    const desk = new PromptDesk(operator, this.clock, timeouts, this.steps)
    this.companions.push(desk)
    return desk
  }

  /**
   * `withdrawn`: the prompt is no longer needed once it fires (the terminal showed the moment was
   * something else); the step is kept with the answer "skip" by the suite and the signal's reason.
   */
  ask(prompt: OperatorPrompt, options: { withdrawn?: AbortSignal } = {}): Promise<ManualStep> {
    const asked = this.queue.then(() => this.askNow(prompt, options.withdrawn))
    this.queue = asked.catch(() => undefined)
    return asked
  }

  /** The scenario is over: prompts still open are withdrawn, so nobody acts on the next scenario's terminal. */
  close(): void {
    this.closed = true
    for (const cancel of this.open) cancel.abort()
    for (const desk of this.companions) desk.close()
  }

  private async askNow(prompt: OperatorPrompt, withdrawn?: AbortSignal): Promise<ManualStep> {
    const askedAtMs = this.clock.now()
    const timeoutMs = this.timeouts[prompt.kind]
    if (this.closed) return { prompt, askedAtMs, tookMs: 0, answer: 'skip', by: 'the suite', note: 'the scenario had ended before the prompt was due' }
    if (withdrawn?.aborted) return this.keep({ prompt, askedAtMs, tookMs: 0, answer: 'skip', by: 'the suite', note: `withdrawn: ${withdrawalReason(withdrawn)}` })
    const cancel = new AbortController()
    this.open.add(cancel)
    let timer: { cancel(): void } | undefined
    const timedOut = new Promise<'timed out'>((resolve) => { timer = this.clock.setTimer(timeoutMs, () => resolve('timed out')) })
    const gone = new Promise<OperatorReply>((resolve) => withdrawn?.addEventListener('abort', () => resolve({ answer: 'skip', by: 'the suite', note: `withdrawn: ${withdrawalReason(withdrawn)}` }), { once: true }))
    const reply = await Promise.race([this.operator.ask(prompt, cancel.signal).catch((error: Error): OperatorReply => ({ answer: 'could not', by: this.operator.name, note: `the operator adapter failed: ${error.message}` })), timedOut, gone])
    timer?.cancel()
    cancel.abort()
    this.open.delete(cancel)
    const step: ManualStep = reply === 'timed out'
      ? { prompt, askedAtMs, tookMs: this.clock.now() - askedAtMs, answer: 'timed out', by: this.operator.name, note: `no answer within ${timeoutMs / 1000} s (timeout for "${prompt.kind}" prompts)` }
      : { prompt, askedAtMs, tookMs: this.clock.now() - askedAtMs, answer: reply.answer, by: reply.by, note: reply.note, ...(reply.observed !== undefined && { observed: reply.observed }) }
    return this.keep(step)
  }

  private keep(step: ManualStep): ManualStep {
    this.steps.push(step)
    return step
  }
}

function withdrawalReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'no longer needed'
}

/** One line per manual step, for the report's attachment. */
export function manualStepsText(steps: ManualStep[]): string {
  if (steps.length === 0) return 'No manual steps.\n'
  return steps.map((s) => `${new Date(s.askedAtMs).toISOString()}  [${s.prompt.kind}] ${s.prompt.instruction}\n  -> ${s.answer} by ${s.by} after ${(s.tookMs / 1000).toFixed(1)} s${s.note ? `: ${s.note}` : ''}${s.observed !== undefined ? `\n  -> the POS showed instead: ${s.observed}` : ''}`).join('\n') + '\n'
}
