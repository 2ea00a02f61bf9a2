import { CARD_PROFILES, maskPan, type CardProfile } from '../cards'
import type { TerminalSettings } from '../terminal-settings'
import type { PresentedCard } from '../terminal-face'

/** A card of a circuit the acquirer has no contract for: refused by the terminal before the host is asked. */
export class CardNotAccepted extends Error {
  constructor(readonly card: CardProfile) {
    super(`${card.name} (${card.circuit}) is not accepted on this terminal`)
    this.name = 'CardNotAccepted'
  }
}

/** The cards this terminal takes: its acquirer contracts (`acceptedCircuits`), or every test card. */
export function acceptedCards(settings: Pick<TerminalSettings, 'acceptedCircuits'>): CardProfile[] {
  const cards = Object.values(CARD_PROFILES)
  return settings.acceptedCircuits ? cards.filter((c) => settings.acceptedCircuits!.includes(c.circuit)) : cards
}

export function refuseUnlessAccepted(settings: Pick<TerminalSettings, 'acceptedCircuits'>, presented: PresentedCard): PresentedCard {
  if (settings.acceptedCircuits && !settings.acceptedCircuits.includes(presented.card.circuit)) throw new CardNotAccepted(presented.card)
  return presented
}

/** What the answer says of a refused card: its circuit and masked number, no authorisation. ISO action code 57: not permitted to cardholder. */
export function notAcceptedAuthorisation(card: CardProfile): { cardCircuit: string; cardPan: string; actionCode: string } {
  return { cardCircuit: card.circuit, cardPan: maskPan(card.pan), actionCode: '57' }
}
