import type { Money } from '../opi/money'

/** The knobs of one simulated terminal; defaults follow what CCV NL terminals are seen to do. */
export interface TerminalSettings {
  terminalId: string
  merchant: string
  /** Cardholder has this long to present a card. */
  cardTimeoutMs: number
  /** ... and this long for each PIN entry. */
  pinTimeoutMs: number
  pinTries: number
  /** How long the terminal waits for the ECR to answer one DeviceRequest. */
  deviceResponseTimeoutMs: number
  /** Contactless payments above this need a PIN. */
  contactlessCvmLimit: Money
  /** Prints the test-transaction banner CCV's test host requires. */
  testHost: boolean
  /** How long a cancelled payment stays on screen before the terminal answers, as real terminals do. */
  cancelledScreenMs?: number
  /** attended: a cashier reads the prompts; unattended: the machine shows them to the cardholder. */
  operatingEnvironment: 'attended' | 'unattended'
  /** Languages the terminal speaks (POSdata LanguageCode); the first is its default. */
  languages: string[]
  /** Whether the host may approve less than requested (unattended pre-authorisations). */
  partialApproval: boolean
  /** The one currency the terminal is configured for (ISO 4217); any other is refused. */
  currency: string
  /** Card circuits the acquirer contracts cover (GetCardCircuits answers these); every test card when not set. */
  acceptedCircuits?: string[]
}

export const DEFAULT_TERMINAL_SETTINGS: TerminalSettings = {
  terminalId: '12345678',
  merchant: 'CCV CERTIFICATION SHOP',
  cardTimeoutMs: 60_000,
  pinTimeoutMs: 30_000,
  pinTries: 3,
  deviceResponseTimeoutMs: 10_000,
  contactlessCvmLimit: { minor: 5000, currency: 'EUR' },
  testHost: true,
  cancelledScreenMs: 1_500,
  operatingEnvironment: 'attended',
  languages: ['en'],
  partialApproval: false,
  currency: 'EUR',
}
