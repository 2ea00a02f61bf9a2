/** Whether the machine takes card payments now, and why not. */
export type Availability = { inService: true } | { inService: false; reason: string }

const OUT_OF_ORDER: Record<string, string> = {
  en: 'Card payment temporarily out of order', nl: 'Kaartbetaling tijdelijk buiten gebruik',
  de: 'Kartenzahlung voruebergehend ausser Betrieb', fr: 'Paiement par carte temporairement hors service',
}

const BACK: Record<string, string> = {
  en: 'Welcome, card payment available', nl: 'Welkom, kaartbetaling beschikbaar', de: 'Willkommen, Kartenzahlung verfuegbar',
  fr: 'Bienvenue, paiement par carte disponible',
}

export function backInServiceText(language: string): string {
  return BACK[language] ?? BACK.en
}

export function outOfOrderText(language: string): string {
  return OUT_OF_ORDER[language] ?? OUT_OF_ORDER.en
}

/**
 * The machine's card-payment service as the cardholder sees it: out of order while the terminal cannot
 * be used (off, restarting, updating) or while a start-up still resolves sessions left in flight; in
 * service again only when the machine itself has seen the terminal answer.
 */
export class TerminalAvailability {
  private current: Availability = { inService: true }

  get state(): Availability {
    return this.current
  }

  get inService(): boolean {
    return this.current.inService
  }

  /** The first reason stays: a machine already out of order keeps the reason it went out for. */
  outOfOrder(reason: string): void {
    if (!this.current.inService) return
    this.current = { inService: false, reason }
  }

  backInService(): void {
    this.current = { inService: true }
  }
}
