import type { Clock } from '../../clock/clock'

export interface DisplayedMessage {
  atMs: number
  lines: string[]
  /** Whether the terminal sent the text or the register wrote it itself. */
  source: 'terminal' | 'register'
}

/** The cashier's screen: each message replaces the last; the history is the evidence. */
export class CashierDisplay {
  readonly history: DisplayedMessage[] = []

  constructor(private readonly clock: Clock) {}

  show(lines: string[], source: DisplayedMessage['source']): void {
    this.history.push({ atMs: this.clock.now(), lines: [...lines], source })
  }

  get current(): string[] {
    return this.history.at(-1)?.lines ?? []
  }

  fromTerminal(): DisplayedMessage[] {
    return this.history.filter((m) => m.source === 'terminal')
  }
}
