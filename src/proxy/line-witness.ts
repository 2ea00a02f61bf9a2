import type { Clock } from '../clock/clock'
import type { Connection, Endpoint, Listener, Transport } from '../link/transport'
import { WireReader, type WitnessRecord } from './wire-reader'

/**
 * The recording witness on a serial line. A line has no ports to stand between, so the witness clips
 * onto the register's end of it: every byte the register puts on the line and every byte that arrives
 * from the terminal is copied, read as OPI by its own framing and codec (never the register's) and
 * recorded with its time. Both channels share a line (single-socket mode), so everything is channel 0.
 */
export class LineWitness implements Transport {
  private readonly listeners: ((record: WitnessRecord) => void)[] = []

  constructor(private readonly line: Transport, private readonly clock: Clock, readonly description: string) {}

  /** Every record from now on; returns a function that stops the listener. */
  onRecord(listener: (record: WitnessRecord) => void): () => void {
    this.listeners.push(listener)
    return () => { const i = this.listeners.indexOf(listener); if (i >= 0) this.listeners.splice(i, 1) }
  }

  async connect(to: Endpoint): Promise<Connection> {
    return this.tap(await this.line.connect(to))
  }

  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    return this.line.listen(at, (connection) => onConnection(this.tap(connection)))
  }

  private tap(connection: Connection): Connection {
    const emit = (record: WitnessRecord) => { for (const listener of [...this.listeners]) listener(record) }
    const fromEcr = new WireReader(0, 'ECR', this.clock, emit)
    const fromTerminal = new WireReader(0, 'terminal', this.clock, emit)
    connection.onData((chunk) => fromTerminal.read(chunk))
    connection.onClose((error) => {
      fromEcr.end()
      fromTerminal.end()
      emit({ atMs: this.clock.now(), channel: 0, from: 'ECR', closed: true, problem: error?.message })
    })
    return {
      description: connection.description,
      get closed() { return connection.closed },
      write: (bytes) => { connection.write(bytes); fromEcr.read(bytes) },
      close: () => connection.close(),
      abort: connection.abort ? () => connection.abort!() : undefined,
      onData: (listener) => connection.onData(listener),
      onClose: (listener) => connection.onClose(listener),
    }
  }
}
