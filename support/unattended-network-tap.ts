import type { Clock } from '../src/clock/clock'
import type { Connection, Endpoint, Listener, Transport } from '../src/link/transport'

/** One attempt of the machine to open a connection, as a capture on its network interface shows it. */
export interface ConnectAttempt {
  to: Endpoint
  atMs: number
  endedAtMs?: number
  refused: boolean
}

/**
 * The machine's network interface as a packet capture sees it: every connection it tries to open,
 * refused or not, and when. The witness for "tries again every N seconds" and "no reconnect storm",
 * independent of what the machine says about itself. Survives the machine's power cycles.
 */
export class NetworkTap implements Transport {
  readonly attempts: ConnectAttempt[] = []

  constructor(private readonly inner: Transport, private readonly clock: Clock) {}

  async connect(to: Endpoint): Promise<Connection> {
    const attempt: ConnectAttempt = { to, atMs: this.clock.now(), refused: false }
    this.attempts.push(attempt)
    try {
      const connection = await this.inner.connect(to)
      connection.onClose(() => { attempt.endedAtMs = this.clock.now() })
      return connection
    } catch (error) {
      attempt.refused = true
      attempt.endedAtMs = this.clock.now()
      throw error
    }
  }

  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    return this.inner.listen(at, onConnection)
  }

  attemptsTo(to: Endpoint): ConnectAttempt[] {
    return this.attempts.filter((a) => a.to.host === to.host && a.to.port === to.port)
  }
}
