import { isoTimestamp } from '../../clock/clock'
import { formatDecimal, type Money } from '../../opi/money'
import { maskPan, type CardEntry, type CardProfile } from '../cards'

/** What an unattended terminal says to the cardholder, in each language it offers. */
export type TerminalPhrase =
  | 'present card' | 'enter PIN' | 'please wait' | 'approved' | 'reserved' | 'declined' | 'cancelled' | 'time-out'
  | 'take goods' | 'not delivered' | 'paid' | 'remove card' | 'swipe card' | 'card not accepted'

const PHRASES: Record<string, Record<TerminalPhrase, string>> = {
  en: {
    'present card': 'Present card', 'enter PIN': 'Enter PIN', 'please wait': 'Please wait', approved: 'Approved',
    reserved: 'Amount reserved', declined: 'Declined', cancelled: 'Cancelled', 'time-out': 'Time-out',
    'take goods': 'Take your goods', 'not delivered': 'Not delivered, nothing charged', paid: 'Paid', 'remove card': 'Remove card', 'card not accepted': 'Card not accepted', 'swipe card': 'Chip error, swipe card',
  },
  nl: {
    'present card': 'Kaart aanbieden', 'enter PIN': 'Toets PIN', 'please wait': 'Even geduld', approved: 'Akkoord',
    reserved: 'Bedrag gereserveerd', declined: 'Geweigerd', cancelled: 'Afgebroken', 'time-out': 'Tijd verstreken',
    'take goods': 'Neem uw product', 'not delivered': 'Niet geleverd, niets betaald', paid: 'Betaald', 'remove card': 'Kaart verwijderen', 'card not accepted': 'Kaart niet geaccepteerd', 'swipe card': 'Chipfout, haal de kaart door',
  },
  de: {
    'present card': 'Karte vorhalten', 'enter PIN': 'PIN eingeben', 'please wait': 'Bitte warten', approved: 'Genehmigt',
    reserved: 'Betrag reserviert', declined: 'Abgelehnt', cancelled: 'Abgebrochen', 'time-out': 'Zeit abgelaufen',
    'take goods': 'Ware entnehmen', 'not delivered': 'Nicht geliefert, nichts belastet', paid: 'Bezahlt', 'remove card': 'Karte entnehmen', 'card not accepted': 'Karte nicht akzeptiert', 'swipe card': 'Chipfehler, Karte durchziehen',
  },
  fr: {
    'present card': 'Presentez la carte', 'enter PIN': 'Entrez le code', 'please wait': 'Patientez', approved: 'Accepte',
    reserved: 'Montant reserve', declined: 'Refuse', cancelled: 'Annule', 'time-out': 'Delai depasse',
    'take goods': 'Prenez votre produit', 'not delivered': 'Non livre, rien debite', paid: 'Paye', 'remove card': 'Retirez la carte', 'card not accepted': 'Carte non acceptee', 'swipe card': 'Erreur puce, glissez la carte',
  },
}

const RECEIPT_LABELS: Record<string, { amount: string; card: string; approved: string; copy: string }> = {
  en: { amount: 'Amount', card: 'Card', approved: 'APPROVED', copy: 'CARDHOLDER COPY' },
  nl: { amount: 'Bedrag', card: 'Kaart', approved: 'AKKOORD', copy: 'KOPIE KAARTHOUDER' },
  de: { amount: 'Betrag', card: 'Karte', approved: 'GENEHMIGT', copy: 'KUNDENBELEG' },
  fr: { amount: 'Montant', card: 'Carte', approved: 'ACCEPTE', copy: 'COPIE CLIENT' },
}

/** The language the request asks for, if the terminal speaks it; else its default. */
export function terminalLanguage(languages: readonly string[], requested: string | undefined): string {
  const code = requested?.toLowerCase()
  return code && languages.includes(code) && PHRASES[code] ? code : languages[0] ?? 'en'
}

export function phrase(language: string, key: TerminalPhrase): string {
  return (PHRASES[language] ?? PHRASES.en)[key]
}

export interface UnattendedReceiptFacts {
  language: string
  terminalId: string
  merchant: string
  atMs: number
  card: { name: string; maskedPan: string; circuit: string }
  entry?: CardEntry
  amount: Money
  stan: string
  approvalCode: string
  testHost: boolean
}

/** The cardholder's ticket for what was actually charged, in the session's language. */
export function unattendedReceiptLines(f: UnattendedReceiptFacts): string[] {
  const label = RECEIPT_LABELS[f.language] ?? RECEIPT_LABELS.en
  return [
    ...(f.testHost ? ['*** TEST TRANSACTION ***'] : []),
    f.merchant,
    `Terminal    ${f.terminalId}`,
    `Date        ${isoTimestamp(f.atMs).replace('T', ' ')}`,
    `${label.card.padEnd(12)}${f.card.name} ${f.card.maskedPan}`,
    `Circuit     ${f.card.circuit}`,
    `Trace       ${f.stan}`,
    `${label.amount.padEnd(12)}${f.amount.currency} ${formatDecimal(f.amount)}`,
    `${label.approved.padEnd(12)}${f.approvalCode}`,
    label.copy,
  ]
}

export function cardFacts(card: CardProfile): UnattendedReceiptFacts['card'] {
  return { name: card.name, maskedPan: maskPan(card.pan), circuit: card.circuit }
}
