import type { Clock } from '../../clock/clock'
import type { MachinePanel, MachinePrompt } from './machine-panel'

/** What one cardholder will do at the machine's screen: the scenario's Given, not its outcome. */
export interface MachineCustomerPlan {
  /** Language flag pressed before the first choice. */
  language?: string
  /** Entries for the machine's questions, in order; "cancel" presses Cancel. When they run out, the cardholder waits. */
  entries: string[]
  /** Called when this cardholder steps up, so the terminal's cardholder acts for them too. */
  stepsUp?: () => void
}

const QUESTIONS: readonly MachinePrompt[] = ['choose device', 'choose product', 'choose quantity', 'confirm', 'e-mail address', 'receipt code']

/**
 * Cardholders at the machine's screen, one after another. Each reads the machine's question and
 * answers after a human pause; the next one steps up when the screen is free again.
 */
export class ScriptedMachineCustomers {
  private readonly queue: { plan: MachineCustomerPlan; next: number }[] = []

  constructor(private readonly panel: MachinePanel, private readonly clock: Clock, private readonly reactionMs: number) {
    panel.onPrompt((prompt) => this.react(prompt))
    panel.onNextCustomer(() => {
      if (this.queue.shift()) this.queue[0]?.plan.stepsUp?.()
    })
  }

  arrives(plan: MachineCustomerPlan): void {
    this.queue.push({ plan, next: 0 })
    if (this.queue.length === 1) plan.stepsUp?.()
  }

  private react(prompt: MachinePrompt): void {
    const current = this.queue[0]
    if (!current || !QUESTIONS.includes(prompt)) return
    const entry = current.plan.entries[current.next++]
    if (entry === undefined) return
    this.clock.setTimer(this.reactionMs, () => {
      if (current.plan.language && current.next === 1) this.panel.selectLanguage(current.plan.language)
      if (entry === 'cancel') this.panel.cancel()
      else this.panel.choose(entry)
    })
  }
}
