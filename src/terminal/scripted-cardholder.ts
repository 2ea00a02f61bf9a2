import type { Clock } from '../clock/clock'
import type { CardEntry, CardProfile } from './cards'
import type { CardholderPrompt, ScreenState, TerminalFace } from './terminal-face'

/** What the cardholder will do when the terminal asks: the scenario's Given, not its outcome. */
export interface CardholderPlan {
  card: CardProfile
  entry: CardEntry
  /** At the PIN prompt: type the right PIN, a wrong one, nothing at all, or press the Stop key. */
  pin: 'correct' | 'wrong' | 'none' | 'stop'
  /** Seconds a person takes to react to a prompt. */
  reactionMs: number
  /** Other contactless cards in the same wallet, held to the reader together with `card`. */
  alsoInField?: CardProfile[]
  /** Walks off without taking the card; takes it only when the terminal asks again. */
  leavesCardIn?: boolean
}

/**
 * A simulated person at the terminal. It reads the terminal's screen and acts on it after a human
 * pause; it has no idea what the scenario expects to happen.
 */
export class ScriptedCardholder {
  private plan?: CardholderPlan
  private removalPromptsIgnored = 0
  /** Reaction time of a cardholder who will press Stop as soon as a card is asked for, once. */
  private stopAtCardPromptMs?: number

  constructor(private readonly face: TerminalFace, private readonly clock: Clock) {
    face.onScreen((screen) => this.react(screen))
  }

  willPay(plan: CardholderPlan): void {
    this.plan = plan
    this.stopAtCardPromptMs = undefined
    this.removalPromptsIgnored = 0
  }

  /** Nobody stands at the terminal any more: whatever it asks next goes unanswered. */
  leaves(): void {
    this.plan = undefined
    this.stopAtCardPromptMs = undefined
  }

  /** The cardholder changes their mind: Stop instead of a card, the next time one is asked for. */
  willPressStopInsteadOfPresentingACard(reactionMs: number): void {
    this.plan = undefined
    this.stopAtCardPromptMs = reactionMs
  }

  private react(screen: ScreenState): void {
    const stopAfterMs = this.stopAtCardPromptMs
    if (stopAfterMs !== undefined && screen.prompt === 'present card') {
      this.stopAtCardPromptMs = undefined
      this.clock.setTimer(stopAfterMs, () => { if (this.face.screen.prompt === 'present card') this.face.pressStop() })
      return
    }
    const plan = this.plan
    if (!plan) return
    if (screen.prompt === 'present card') {
      const wallet = [plan.card, ...(plan.alsoInField ?? [])]
      this.afterPause(screen.prompt, () => (wallet.length > 1 ? this.face.tapTogether(wallet) : this.face.presentCard(plan.card, plan.entry)))
    } else if (screen.prompt === 'present one card') {
      this.afterPause(screen.prompt, () => this.face.presentCard(plan.card, plan.entry))
    } else if (screen.prompt === 'enter PIN' && plan.pin === 'stop') {
      this.afterPause(screen.prompt, () => this.face.pressStop())
    } else if (screen.prompt === 'enter PIN' && plan.pin !== 'none') {
      const pin = plan.pin === 'correct' ? plan.card.pin : wrongPin(plan.card.pin)
      this.afterPause(screen.prompt, () => this.face.enterPin(pin))
    } else if (screen.prompt === 'remove card') {
      if (plan.leavesCardIn && this.removalPromptsIgnored++ === 0) return
      this.afterPause(screen.prompt, () => this.face.removeCard())
    }
  }

  /** A person looks again before acting: a prompt that has gone meanwhile is not answered. */
  private afterPause(prompt: CardholderPrompt, act: () => void): void {
    this.clock.setTimer(this.plan!.reactionMs, () => { if (this.face.screen.prompt === prompt) act() })
  }
}

function wrongPin(pin: string): string {
  return pin === '0000' ? '1111' : '0000'
}
