import { withTimeout, type Clock } from '../clock/clock'
import type { CardEntry, CardProfile } from './cards'

/** What the terminal's own screen asks the cardholder to do. */
export type CardholderPrompt = 'present card' | 'enter PIN' | 'wait' | 'remove card' | 'approved' | 'declined' | 'cancelled' | 'idle'

export interface ScreenState {
  prompt: CardholderPrompt
  lines: string[]
}

export interface PresentedCard {
  card: CardProfile
  entry: CardEntry
}

/** The cardholder pressed the red Stop key. */
export class CardholderStopped extends Error {
  constructor() {
    super('the cardholder pressed Stop')
    this.name = 'CardholderStopped'
  }
}

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void }

/**
 * The terminal's physical side: screen, card reader, keypad. The terminal shows prompts and waits for
 * input here; a cardholder (a script in simulation, a person on the bench) reads the screen and acts.
 */
export class TerminalFace {
  screen: ScreenState = { prompt: 'idle', lines: ['Welcome'] }
  private readonly screenListeners: ((screen: ScreenState) => void)[] = []
  private cardWaiter?: Waiter<PresentedCard>
  private pinWaiter?: Waiter<string>
  cardInReader?: PresentedCard

  constructor(private readonly clock: Clock) {}

  show(prompt: CardholderPrompt, lines: string[]): void {
    this.screen = { prompt, lines }
    for (const listener of this.screenListeners) listener(this.screen)
  }

  onScreen(listener: (screen: ScreenState) => void): void {
    this.screenListeners.push(listener)
  }

  // ---- the cardholder's side

  presentCard(card: CardProfile, entry: CardEntry): void {
    if (entry === 'chip') this.cardInReader = { card, entry }
    this.settle(this.cardWaiter, { card, entry })
    this.cardWaiter = undefined
  }

  enterPin(pin: string): void {
    this.settle(this.pinWaiter, pin)
    this.pinWaiter = undefined
  }

  removeCard(): void {
    this.cardInReader = undefined
  }

  pressStop(): void {
    const stopped = new CardholderStopped()
    this.cardWaiter?.reject(stopped)
    this.pinWaiter?.reject(stopped)
    this.cardWaiter = this.pinWaiter = undefined
  }

  // ---- the terminal's side

  waitForCard(timeoutMs: number): Promise<PresentedCard> {
    return withTimeout(this.clock, new Promise<PresentedCard>((resolve, reject) => { this.cardWaiter = { resolve, reject } }), timeoutMs, 'card presentation')
      .finally(() => { this.cardWaiter = undefined })
  }

  waitForPin(timeoutMs: number): Promise<string> {
    return withTimeout(this.clock, new Promise<string>((resolve, reject) => { this.pinWaiter = { resolve, reject } }), timeoutMs, 'PIN entry')
      .finally(() => { this.pinWaiter = undefined })
  }

  private settle<T>(waiter: Waiter<T> | undefined, value: T): void {
    waiter?.resolve(value)
  }
}
