/**
 * Byte transports for the two OPI channels. The ECR and the terminal see only these interfaces, so
 * the same code runs over memory, loopback TCP or a bench cable.
 */
export interface Endpoint {
  host: string
  port: number
}

export const describeEndpoint = (e: Endpoint): string => `${e.host}:${e.port}`

/** One open byte stream between two peers. */
export interface Connection {
  readonly description: string
  readonly closed: boolean
  write(bytes: Uint8Array): void
  /** Closes both directions; the peer sees a close without an error. */
  close(): void
  /**
   * Tears the connection down at once, whatever the peer does: for a stream that cannot be trusted any
   * more (a broken length prefix, a peer over a limit). Transports without it fall back to close().
   */
  abort?(): void
  onData(listener: (chunk: Uint8Array) => void): void
  /** Called once; `error` is set when the stream broke rather than closed. */
  onClose(listener: (error?: Error) => void): void
}

export interface Listener {
  readonly endpoint: Endpoint
  close(): Promise<void>
}

export interface Transport {
  connect(to: Endpoint): Promise<Connection>
  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener>
}

/** The far end is not there: nothing listens, or the cable is out. */
export class ConnectionRefused extends Error {
  constructor(to: Endpoint) {
    super(`nobody is listening at ${describeEndpoint(to)}`)
    this.name = 'ConnectionRefused'
  }
}
