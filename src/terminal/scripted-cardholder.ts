import type { Clock } from '../clock/clock'
import type { CardEntry, CardProfile } from './cards'
import type { ScreenState, TerminalFace } from './terminal-face'

/** What the cardholder will do when the terminal asks: the scenario's Given, not its outcome. */
export interface CardholderPlan {
  card: CardProfile
  entry: CardEntry
  pin: 'correct' | 'wrong' | 'none'
  /** Seconds a person takes to react to a prompt. */
  reactionMs: number
}

/**
 * A simulated person at the terminal. It reads the terminal's screen and acts on it after a human
 * pause; it has no idea what the scenario expects to happen.
 */
export class ScriptedCardholder {
  private plan?: CardholderPlan

  constructor(private readonly face: TerminalFace, private readonly clock: Clock) {
    face.onScreen((screen) => this.react(screen))
  }

  willPay(plan: CardholderPlan): void {
    this.plan = plan
  }

  private react(screen: ScreenState): void {
    const plan = this.plan
    if (!plan) return
    if (screen.prompt === 'present card') {
      this.clock.setTimer(plan.reactionMs, () => this.face.presentCard(plan.card, plan.entry))
    } else if (screen.prompt === 'enter PIN' && plan.pin !== 'none') {
      const pin = plan.pin === 'correct' ? plan.card.pin : wrongPin(plan.card.pin)
      this.clock.setTimer(plan.reactionMs, () => this.face.enterPin(pin))
    } else if (screen.prompt === 'remove card') {
      this.clock.setTimer(plan.reactionMs, () => this.face.removeCard())
    }
  }
}

function wrongPin(pin: string): string {
  return pin === '0000' ? '1111' : '0000'
}
