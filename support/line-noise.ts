import type { Connection, Endpoint, Listener, Transport } from '../src/link/transport'

/**
 * Noise on the register's cable, beside the simulated terminal: armed, it garbles one byte inside the
 * closing tag of the next message of a kind the terminal sends on its way to the register. The
 * length prefix stays right, so the frame arrives whole but is no longer well-formed XML. The terminal
 * sent it correctly (its own witness shows the answer); only the register receives the garbled copy.
 */
export class LineNoise implements Transport {
  private armedFor?: string

  constructor(private readonly inner: Transport) {}

  /** The next `root` message (e.g. CardServiceResponse) coming from the terminal arrives garbled. */
  garbleNext(root: string): void {
    this.armedFor = root
  }

  async connect(to: Endpoint): Promise<Connection> {
    return this.noisy(await this.inner.connect(to))
  }

  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    return this.inner.listen(at, (connection) => onConnection(this.noisy(connection)))
  }

  private noisy(inner: Connection): Connection {
    const garble = (chunk: Uint8Array): Uint8Array => {
      if (!this.armedFor) return chunk
      const at = Buffer.from(chunk).lastIndexOf(`${this.armedFor}>`)
      if (at < 0) return chunk
      this.armedFor = undefined
      const copy = new Uint8Array(chunk)
      copy[at + 1] = 'X'.charCodeAt(0)
      return copy
    }
    return {
      get description() { return inner.description },
      get closed() { return inner.closed },
      write: (bytes) => inner.write(bytes),
      close: () => inner.close(),
      abort: inner.abort && (() => inner.abort!()),
      onData: (listener) => inner.onData((chunk) => listener(garble(chunk))),
      onClose: (listener) => inner.onClose(listener),
    }
  }
}
