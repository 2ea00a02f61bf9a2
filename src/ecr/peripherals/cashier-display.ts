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
  private readonly listeners: ((message: DisplayedMessage) => void)[] = []

  constructor(private readonly clock: Clock) {}

  show(lines: string[], source: DisplayedMessage['source']): void {
    const message: DisplayedMessage = { atMs: this.clock.now(), lines: [...lines], source }
    this.history.push(message)
    for (const listener of this.listeners) listener(message)
  }

  /** The cashier reads the screen: acts when a message appears. */
  onShow(listener: (message: DisplayedMessage) => void): void {
    this.listeners.push(listener)
  }

  get current(): string[] {
    return this.history.at(-1)?.lines ?? []
  }

  fromTerminal(): DisplayedMessage[] {
    return this.history.filter((m) => m.source === 'terminal')
  }
}
