import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * Counts what is still on its way between sockets in this process: bytes written but not yet read,
 * connections being set up, closes not yet seen. Virtual time may move on only when nothing is in
 * flight, so a loopback conversation replays in the same order as an in-memory one.
 */
export class TrafficMeter {
  private bytesInFlight = 0
  private pendingOperations = 0

  sent(bytes: number): void {
    this.bytesInFlight += bytes
  }

  received(bytes: number): void {
    this.bytesInFlight -= bytes
  }

  /** Marks an operation (connect, close) that completes on its own; call the result when it has. */
  begin(): () => void {
    this.pendingOperations++
    let done = false
    return () => {
      if (!done) {
        done = true
        this.pendingOperations--
      }
    }
  }

  get quiet(): boolean {
    return this.bytesInFlight <= 0 && this.pendingOperations === 0
  }

  /**
   * Resolves once the meter has stayed quiet for a few event-loop turns, each of which polls for I/O.
   * Fails loudly after `limitMs` of real time rather than hang.
   */
  async settle(limitMs = 5_000, quietTurns = 3): Promise<void> {
    const started = Date.now()
    let quietFor = 0
    while (quietFor < quietTurns) {
      await nextTurn()
      quietFor = this.quiet ? quietFor + 1 : 0
      if (Date.now() - started > limitMs) throw new Error(`loopback traffic did not settle within ${limitMs} ms (${this.bytesInFlight} bytes, ${this.pendingOperations} operations in flight)`)
    }
  }
}
