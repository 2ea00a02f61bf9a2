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
  /** Words that kill the line once they have passed it on their way to the register. */
  private deadAfter?: { words: string; onDead: () => void }
  private dead = false
  /** Hang-ups of the terminal's side that a dead line did not carry: they arrive once it is alive again. */
  private readonly heldCloses: (() => void)[] = []

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

  /**
   * The line goes dead, with neither side told, right after a message containing `words` has reached the
   * register (a switch dying, a cable cut in the wall): from then on no byte and no hang-up crosses it in
   * either direction, and every connection stays open at both ends, until `revive`.
   */
  goDeadAfter(words: string, onDead: () => void = () => undefined): void {
    this.deadAfter = { words, onDead }
  }

  /** The line carries again; hang-ups of the terminal it held arrive now. */
  revive(): void {
    this.dead = false
    for (const close of this.heldCloses.splice(0)) close()
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
      write: (bytes) => { if (!this.dead) inner.write(bytes) },
      close: () => inner.close(),
      abort: inner.abort && (() => inner.abort!()),
      onData: (listener) => inner.onData((chunk) => {
        if (this.dead) return
        listener(this.noise.pass(chunk))
        const armed = this.deadAfter
        if (armed && Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes(armed.words)) {
          this.deadAfter = undefined
          this.dead = true
          armed.onDead()
        }
      }),
      onClose: (listener) => inner.onClose((error) => {
        if (this.dead) this.heldCloses.push(() => listener(error))
        else listener(error)
      }),
    }
  }
}
