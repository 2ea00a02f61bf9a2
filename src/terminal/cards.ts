/** How a card meets the reader. */
export type CardEntry = 'chip' | 'contactless' | 'magstripe'

export interface CardProfile {
  /** Name cashiers and testers use: "Maestro". */
  name: string
  /** CCV card-circuit code reported in the authorisation. */
  circuit: string
  /** A test card number; it never leaves the terminal unmasked. */
  pan: string
  pin: string
  entries: CardEntry[]
  expiry: string
  /** A Mifare card (subscription, fleet): read by its UID, it has no card number and pays nothing. */
  mifareUid?: string
}

/** Test cards of the kinds CCV's cases name. Numbers are public scheme test numbers. */
export const CARD_PROFILES: Record<string, CardProfile> = {
  maestro: { name: 'Maestro', circuit: 'MAES', pan: '6799998900000060018', pin: '1234', entries: ['chip', 'contactless', 'magstripe'], expiry: '2812' },
  mastercard: { name: 'Mastercard', circuit: 'ECMC', pan: '5413330089600010', pin: '1234', entries: ['chip', 'contactless', 'magstripe'], expiry: '2812' },
  visa: { name: 'Visa', circuit: 'VISA', pan: '4761739001010010', pin: '1234', entries: ['chip', 'contactless', 'magstripe'], expiry: '2812' },
  'v pay': { name: 'V PAY', circuit: 'VPAY', pan: '4761739001010119', pin: '1234', entries: ['chip', 'contactless'], expiry: '2812' },
  amex: { name: 'American Express', circuit: 'AMEX', pan: '374245455400126', pin: '1234', entries: ['chip', 'contactless', 'magstripe'], expiry: '2812' },
}

/** Mifare cards of a fleet or subscription scheme, by the name a tester uses ("fleet card 1"). */
export const MIFARE_CARDS: Record<string, CardProfile> = {
  'fleet card 1': { name: 'fleet card 1', circuit: 'MIFARE', pan: '', pin: '', entries: ['contactless'], expiry: '', mifareUid: '04A1B2C3D4E580' },
  'fleet card 2': { name: 'fleet card 2', circuit: 'MIFARE', pan: '', pin: '', entries: ['contactless'], expiry: '', mifareUid: '04F0E1D2C3B490' },
}

export function cardProfile(name: string): CardProfile {
  const key = name.toLowerCase()
  const profile = CARD_PROFILES[key] ?? Object.values(CARD_PROFILES).find((c) => c.name.toLowerCase() === key)
  if (!profile) throw new Error(`no test card called "${name}"; known cards: ${Object.values(CARD_PROFILES).map((c) => c.name).join(', ')}`)
  return profile
}

/** What a terminal prints and reports: only the last four digits. */
export function maskPan(pan: string): string {
  return `${'*'.repeat(Math.max(0, pan.length - 4))}${pan.slice(-4)}`
}
