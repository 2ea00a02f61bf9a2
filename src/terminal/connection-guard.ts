import type { Clock, TimerHandle } from '../clock/clock'
import type { Connection } from '../link/transport'

/** What one peer may hold of the terminal's request port. Defaults suit a bench shared by several POS developers. */
export interface ConnectionLimits {
  /** A connection with nothing owed on it and no byte for this long is closed. */
  idleTimeoutMs: number
  /** A message whose first bytes arrived must be complete within this long, or the connection is closed. */
  frameTimeoutMs: number
  /** Connections open at once on the request port; one more is closed at once. */
  maxConnections: number
  /** Bytes of unfinished messages held for all connections together; the one that goes over is closed. */
  maxBufferedBytes: number
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  idleTimeoutMs: 60_000,
  frameTimeoutMs: 10_000,
  maxConnections: 32,
  maxBufferedBytes: 8 * 1024 * 1024,
}

/** What the guard needs to know of a connection's OPI reader. */
export interface GuardedReader {
  /** Bytes of a message that has started but not finished arriving. */
  readonly pendingBytes: number
  /** Whether answers are still owed on the connection (a running request keeps it open however quiet). */
  busy(): boolean
}

/**
 * Keeps one peer from holding the terminal's resources: connections left open and silent, messages
 * trickled a byte at a time, many half-sent large messages. Each limit ends only the offending
 * connection, with the reason said, and nothing else the terminal is doing.
 */
export class ConnectionGuard {
  private readonly open = new Map<Connection, () => number>()

  constructor(private readonly clock: Clock, readonly limits: ConnectionLimits, private readonly say: (line: string) => void = () => undefined) {}

  /** False (and the connection closed) when there is no room for it. */
  admit(connection: Connection): boolean {
    if (this.open.size >= this.limits.maxConnections) {
      this.say(`refused ${connection.description}: ${this.limits.maxConnections} connections are open already`)
      connection.close()
      return false
    }
    this.open.set(connection, () => 0)
    connection.onClose(() => this.open.delete(connection))
    return true
  }

  /** Watches an admitted connection; call after the reader has registered for its data. */
  watch(connection: Connection, reader: GuardedReader): void {
    let idle: TimerHandle | undefined
    let frame: TimerHandle | undefined
    const end = (why: string) => {
      this.say(`closed ${connection.description}: ${why}`)
      idle?.cancel()
      frame?.cancel()
      ;(connection.abort ?? connection.close).call(connection)
    }
    const armIdle = () => {
      idle?.cancel()
      idle = this.clock.setTimer(this.limits.idleTimeoutMs, () => {
        if (reader.busy() || connection.closed) return armIdle()
        end(`no request for ${this.limits.idleTimeoutMs / 1000} s`)
      })
    }
    this.open.set(connection, () => reader.pendingBytes)
    armIdle()
    connection.onData(() => {
      armIdle()
      if (reader.pendingBytes === 0) {
        frame?.cancel()
        frame = undefined
      } else {
        frame ??= this.clock.setTimer(this.limits.frameTimeoutMs, () => {
          if (reader.pendingBytes > 0 && !connection.closed) end(`a message was not complete within ${this.limits.frameTimeoutMs / 1000} s`)
        })
      }
      const buffered = [...this.open.values()].reduce((sum, pending) => sum + pending(), 0)
      if (buffered > this.limits.maxBufferedBytes) end(`unfinished messages hold more than ${this.limits.maxBufferedBytes} bytes`)
    })
    connection.onClose(() => {
      idle?.cancel()
      frame?.cancel()
    })
  }
}
