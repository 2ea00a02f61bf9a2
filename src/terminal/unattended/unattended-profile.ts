import type { TerminalSettings } from '../terminal-settings'

/**
 * A CCV terminal built into a machine (EV charger, fuel pump, vending machine): prompts go to the
 * machine's customer display, it speaks the machine's languages, approves partially, and waits up to
 * a minute for the machine to report delivery.
 */
export const UNATTENDED_TERMINAL_SETTINGS: Partial<TerminalSettings> = {
  operatingEnvironment: 'unattended',
  merchant: 'CCV CERTIFICATION MACHINE',
  languages: ['en', 'nl', 'de', 'fr'],
  partialApproval: true,
  deviceResponseTimeoutMs: 60_000,
}
