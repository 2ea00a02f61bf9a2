import type { Clock } from '../src/clock/clock'
import type { CashierPrompts } from '../src/ecr/device-request-dispatcher'

export type CashierCheck = 'signature' | 'identification'

export interface AskedQuestion {
  question: string[]
  askedAtMs: number
  answeredAtMs?: number
  answer?: boolean
}

/**
 * The cashier at the register, answering the terminal's questions as the scenario says the cashier
 * will (the signature matches, the ID is refused). It reads the question like a person would and
 * takes a person's time to answer; it knows nothing of the expected result.
 */
export class ScriptedCashier implements CashierPrompts {
  readonly asked: AskedQuestion[] = []
  private readonly decisions = new Map<CashierCheck, boolean | 'no answer'>()

  constructor(private readonly clock: Clock, private readonly reactionMs: number) {}

  /** `no answer`: the cashier walks away and the question stays unanswered. */
  willAnswer(check: CashierCheck, yes: boolean | 'no answer'): void {
    this.decisions.set(check, yes)
  }

  confirm(question: string[]): Promise<boolean> {
    const text = question.join(' ').toLowerCase()
    const check: CashierCheck | undefined = text.includes('signature') ? 'signature' : text.includes('identification') || text.includes(' id') ? 'identification' : undefined
    const entry: AskedQuestion = { question, askedAtMs: this.clock.now() }
    this.asked.push(entry)
    const decision = check === undefined ? false : this.decisions.get(check) ?? false
    if (decision === 'no answer') return new Promise<boolean>(() => undefined)
    const answer = decision
    return new Promise((resolve) => this.clock.setTimer(this.reactionMs, () => {
      Object.assign(entry, { answeredAtMs: this.clock.now(), answer })
      resolve(answer)
    }))
  }
}
