import type { Clock } from '../clock/clock'
import { cardProfile, type CardEntry, type CardProfile } from './cards'
import type { ScreenState, TerminalFace } from './terminal-face'

export interface DefaultCardholderOptions {
  /** Off: nobody stands at the terminal; a person acts through the control channel instead. */
  enabled: boolean
  /** How long after a prompt the cardholder acts. */
  delayMs: number
  card: CardProfile
  entry: CardEntry
}

export const DEFAULT_CARDHOLDER: DefaultCardholderOptions = { enabled: true, delayMs: 1000, card: cardProfile('maestro'), entry: 'chip' }

/** What the default cardholder did, for the terminal's progress output. */
export type CardholderAction = { did: 'present'; card: CardProfile; entry: CardEntry } | { did: 'enter PIN' } | { did: 'remove card' }

/**
 * The cardholder who is there when nobody scripted one: pays with an approved Maestro chip card and
 * the right PIN, a moment after being asked, so a POS can be tried without scripting anything. The
 * amount decides the outcome at the host (50.05 declines), as on CCV's test host.
 *
 * It acts only on prompts still showing when its moment comes: when a person got there first through
 * the control channel, it stands aside.
 */
export class DefaultCardholder {
  options: DefaultCardholderOptions
  private presentedThisPayment = false
  private readonly listeners: ((action: CardholderAction) => void)[] = []

  constructor(private readonly face: TerminalFace, private readonly clock: Clock, options: Partial<DefaultCardholderOptions> = {}) {
    this.options = { ...DEFAULT_CARDHOLDER, ...options }
    if (!this.options.card.entries.includes(this.options.entry)) {
      throw new Error(`a ${this.options.card.name} card cannot be read by ${this.options.entry} (it supports ${this.options.card.entries.join(', ')})`)
    }
    face.onScreen((screen) => this.react(screen))
  }

  onAction(listener: (action: CardholderAction) => void): void {
    this.listeners.push(listener)
  }

  private react(screen: ScreenState): void {
    if (screen.prompt === 'present card') this.presentedThisPayment = false
    if (!this.options.enabled) return
    if (screen.prompt === 'present card') {
      this.later('present card', () => {
        this.presentedThisPayment = true
        const { card, entry } = this.options
        this.tell({ did: 'present', card, entry })
        this.face.presentCard(card, entry)
      })
    } else if (screen.prompt === 'enter PIN' && this.presentedThisPayment) {
      // Only for its own card: a PIN for a card a person presented is that person's to type.
      const pin = this.options.card.pin
      this.later('enter PIN', () => { this.tell({ did: 'enter PIN' }); this.face.enterPin(pin) })
    } else if ((screen.prompt === 'remove card' || screen.prompt === 'idle') && this.presentedThisPayment) {
      this.presentedThisPayment = false
      // The terminal goes back to idle at once, or ended without asking; the card is taken out all the same.
      const card = this.face.cardInReader
      this.clock.setTimer(this.options.delayMs, () => {
        if (card && this.face.cardInReader === card) { this.tell({ did: 'remove card' }); this.face.removeCard() }
      })
    }
  }

  private later(prompt: ScreenState['prompt'], act: () => void): void {
    const shown = this.face.screen
    this.clock.setTimer(this.options.delayMs, () => {
      if (this.options.enabled && this.face.screen === shown && shown.prompt === prompt) act()
    })
  }

  private tell(action: CardholderAction): void {
    for (const listener of this.listeners) listener(action)
  }
}
