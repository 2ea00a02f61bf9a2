import type { Clock } from '../clock/clock'
import { ConnectionRefused, describeEndpoint, type Connection, type Endpoint, type Listener, type Transport } from './transport'

/**
 * Both ends of a simulated link inside one process. Every delivery is a timer on the shared clock, so
 * messages interleave with cardholder actions and timeouts in one deterministic order.
 */
export class MemoryTransport implements Transport {
  private readonly listeners = new Map<string, (connection: Connection) => void>()
  private nextId = 1

  /** @param latencyMs virtual time each chunk spends on the wire */
  constructor(private readonly clock: Clock, private readonly latencyMs = 0) {}

  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    const key = describeEndpoint(at)
    if (this.listeners.has(key)) return Promise.reject(new Error(`${key} is already in use`))
    this.listeners.set(key, onConnection)
    return Promise.resolve({ endpoint: at, close: () => { this.listeners.delete(key); return Promise.resolve() } })
  }

  connect(to: Endpoint): Promise<Connection> {
    const accept = this.listeners.get(describeEndpoint(to))
    if (!accept) return Promise.reject(new ConnectionRefused(to))
    const id = this.nextId++
    const client = new MemoryConnection(`memory#${id} to ${describeEndpoint(to)}`, this.clock, this.latencyMs)
    const server = new MemoryConnection(`memory#${id} at ${describeEndpoint(to)}`, this.clock, this.latencyMs)
    client.peer = server
    server.peer = client
    accept(server)
    return Promise.resolve(client)
  }
}

class MemoryConnection implements Connection {
  peer?: MemoryConnection
  closed = false
  private readonly dataListeners: ((chunk: Uint8Array) => void)[] = []
  private readonly closeListeners: ((error?: Error) => void)[] = []

  constructor(readonly description: string, private readonly clock: Clock, private readonly latencyMs: number) {}

  write(bytes: Uint8Array): void {
    if (this.closed) throw new Error(`${this.description} is closed`)
    const copy = new Uint8Array(bytes) // a copy: Buffer.slice would share memory with the caller
    const peer = this.peer
    this.clock.setTimer(this.latencyMs, () => peer?.deliver(copy))
  }

  close(): void {
    this.shut()
  }

  /** Cuts the link as a pulled cable would: both sides see an error. */
  break(error: Error): void {
    this.shut(error)
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener)
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener)
  }

  private deliver(chunk: Uint8Array): void {
    if (!this.closed) for (const listener of this.dataListeners) listener(chunk)
  }

  private shut(error?: Error): void {
    if (this.closed) return
    this.closed = true
    this.notifyClosed(error)
    // The peer learns of the close after data already on the wire, as with TCP's FIN.
    const peer = this.peer
    this.clock.setTimer(this.latencyMs, () => {
      if (peer && !peer.closed) {
        peer.closed = true
        peer.notifyClosed(error)
      }
    })
  }

  private notifyClosed(error?: Error): void {
    for (const listener of this.closeListeners.splice(0)) listener(error)
  }
}
