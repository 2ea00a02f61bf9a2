import type { Connection, Endpoint, Listener, Transport } from '../src/link/transport'
import { LineNoise } from '../src/proxy/line-noise'

/**
 * The register's cable and network as the environment can spoil them, beside the simulated terminal.
 *
 * Noise: armed, it garbles one byte inside the
 * closing tag of the next message of a kind the terminal sends on its way to the register. The
 * length prefix stays right, so the frame arrives whole but is no longer well-formed XML. The terminal
 * sent it correctly (its own witness shows the answer); only the register receives the garbled copy.
 */
export class RegisterCable implements Transport {
  private readonly noise = new LineNoise()
  private swallowing = false

  constructor(private readonly inner: Transport) {}

  /** The next `root` message (e.g. CardServiceResponse) coming from the terminal arrives garbled. */
  garbleNext(root: string): void {
    this.noise.garbleNext(root)
  }

  /**
   * From now on the network swallows every attempt to open a connection (a switch dropping the packets,
   * a wrong route): no refusal comes back, the attempt simply never completes. Only the register's own
   * connect limit can end the wait.
   */
  swallowConnections(): void {
    this.swallowing = true
  }

  async connect(to: Endpoint): Promise<Connection> {
    if (this.swallowing) return new Promise<Connection>(() => undefined)
    return this.noisy(await this.inner.connect(to))
  }

  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    return this.inner.listen(at, (connection) => onConnection(this.noisy(connection)))
  }

  private noisy(inner: Connection): Connection {
    return {
      get description() { return inner.description },
      get closed() { return inner.closed },
      write: (bytes) => inner.write(bytes),
      close: () => inner.close(),
      abort: inner.abort && (() => inner.abort!()),
      onData: (listener) => inner.onData((chunk) => listener(this.noise.pass(chunk))),
      onClose: (listener) => inner.onClose(listener),
    }
  }
}
