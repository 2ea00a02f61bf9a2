import { withTimeout, type Clock } from '../clock/clock'
import type { CardEntry, CardProfile } from './cards'

/** What the terminal's own screen asks the cardholder to do. */
export type CardholderPrompt =
  | 'present card' | 'present one card' | 'swipe card' | 'enter PIN' | 'wait' | 'remove card' | 'approved' | 'declined' | 'cancelled' | 'idle'

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

/** More than one contactless card answered in the field; the reader cannot tell which one pays. */
export class CardCollision extends Error {
  constructor(readonly cards: number) {
    super(`${cards} cards in the contactless field`)
    this.name = 'CardCollision'
  }
}

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void }

/**
 * The terminal's physical side: screen, card reader, keypad. The terminal shows prompts and waits for
 * input here; a cardholder (a script in simulation, a person on the bench) reads the screen and acts.
 */
export class TerminalFace {
  screen: ScreenState = { prompt: 'idle', lines: ['Welcome'] }
  /** The environment: cards (by name) whose chip this reader cannot read, so the terminal falls back to the stripe. */
  readonly unreadableChips = new Set<string>()
  private readonly screenListeners: ((screen: ScreenState) => void)[] = []
  private cardWaiter?: Waiter<PresentedCard>
  private pinWaiter?: Waiter<string>
  private removalWaiter?: Waiter<void>
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

  /** Holds several contactless cards (a wallet) to the reader at once. */
  tapTogether(cards: CardProfile[]): void {
    if (cards.length === 1) return this.presentCard(cards[0], 'contactless')
    this.cardWaiter?.reject(new CardCollision(cards.length))
    this.cardWaiter = undefined
  }

  enterPin(pin: string): void {
    this.settle(this.pinWaiter, pin)
    this.pinWaiter = undefined
  }

  removeCard(): void {
    if (!this.cardInReader) return
    this.cardInReader = undefined
    if (this.removalWaiter) {
      this.removalWaiter.resolve()
      this.removalWaiter = undefined
    } else if (this.screen.prompt === 'remove card') {
      this.show('idle', ['Welcome'])
    }
  }

  pressStop(): void {
    this.cancelWaits(new CardholderStopped())
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

  waitForCardRemoval(timeoutMs: number): Promise<void> {
    if (!this.cardInReader) return Promise.resolve()
    return withTimeout(this.clock, new Promise<void>((resolve, reject) => { this.removalWaiter = { resolve, reject } }), timeoutMs, 'card removal')
      .finally(() => { this.removalWaiter = undefined })
  }

  /** Ends whatever the terminal is waiting for at the reader or keypad (Stop key, accepted abort). */
  cancelWaits(reason: Error): void {
    for (const waiter of [this.cardWaiter, this.pinWaiter, this.removalWaiter]) waiter?.reject(reason)
    this.cardWaiter = this.pinWaiter = this.removalWaiter = undefined
  }

  private settle<T>(waiter: Waiter<T> | undefined, value: T): void {
    waiter?.resolve(value)
  }
}
