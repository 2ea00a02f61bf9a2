/** Whether the machine takes card payments now, and why not. */
export type Availability = { inService: true } | { inService: false; reason: string; sinceMs: number }

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
  private readonly listeners: ((now: Availability) => void)[] = []
  /** Every change, for the operator's log and the report. */
  readonly history: { inService: boolean; reason?: string; atMs: number }[] = []

  get state(): Availability {
    return this.current
  }

  get inService(): boolean {
    return this.current.inService
  }

  outOfOrder(reason: string, atMs: number): void {
    if (!this.current.inService) return
    this.current = { inService: false, reason, sinceMs: atMs }
    this.history.push({ inService: false, reason, atMs })
    for (const listener of this.listeners) listener(this.current)
  }

  backInService(atMs: number): void {
    if (this.current.inService) return
    this.current = { inService: true }
    this.history.push({ inService: true, atMs })
    for (const listener of this.listeners) listener(this.current)
  }

  onChange(listener: (now: Availability) => void): void {
    this.listeners.push(listener)
  }
}
