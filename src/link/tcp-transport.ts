import { createServer, connect as netConnect, type Server, type Socket } from 'node:net'
import { ConnectionRefused, describeEndpoint, type Connection, type Endpoint, type Listener, type Transport } from './transport'
import { listenAt } from './listen'
import type { TrafficMeter } from './traffic-meter'

export interface TcpOptions {
  /** Real time allowed to set up a connection; a terminal that does not accept within it is unreachable. */
  connectTimeoutMs?: number
  /** Only for loopback rigs on a virtual clock: counts traffic in flight. */
  meter?: TrafficMeter
}

/** OPI over TCP: the ECR connects to the terminal's channel 0; the terminal connects back to the ECR's channel 1. */
export class TcpTransport implements Transport {
  /** Ports bound by reserve() and held until listen() takes them over: no window for another program. */
  private readonly reserved = new Map<string, Server>()

  constructor(private readonly options: TcpOptions = {}) {}

  /**
   * Binds a free port now and keeps it bound until `listen` is called on the endpoint returned, so a
   * rig can tell both peers their addresses before either listens. Asking the system for a free port
   * and binding it later (check, then use) races every other program doing the same.
   */
  async reserve(host = '127.0.0.1'): Promise<Endpoint> {
    const server = createServer()
    const endpoint = await listenAt(server, { host, port: 0 })
    // A reservation alone must not keep the process alive; listening on it does.
    server.unref()
    this.reserved.set(describeEndpoint(endpoint), server)
    return endpoint
  }

  connect(to: Endpoint): Promise<Connection> {
    const done = this.options.meter?.begin()
    return new Promise<Connection>((resolve, reject) => {
      const socket = netConnect({ host: to.host, port: to.port })
      const timer = setTimeout(() => socket.destroy(new Error(`no connection within ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs ?? 10_000)
      socket.once('connect', () => {
        clearTimeout(timer)
        socket.removeAllListeners('error')
        done?.()
        resolve(new TcpConnection(socket, `tcp to ${describeEndpoint(to)}`, this.options.meter))
      })
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        done?.()
        reject(error.code === 'ECONNREFUSED' ? new ConnectionRefused(to) : error)
      })
    })
  }

  /** Gives back every reserved port nobody listened on. */
  async releaseReservations(): Promise<void> {
    const held = [...this.reserved.values()]
    this.reserved.clear()
    await Promise.all(held.map((server) => new Promise<void>((closed) => server.close(() => closed()))))
  }

  listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    const open = new Set<Socket>()
    const held = this.reserved.get(describeEndpoint(at))
    this.reserved.delete(describeEndpoint(at))
    const server = held?.ref() ?? createServer()
    server.on('connection', (socket) => {
      open.add(socket)
      socket.once('close', () => open.delete(socket))
      onConnection(new TcpConnection(socket, `tcp at ${describeEndpoint(at)} from ${socket.remoteAddress}:${socket.remotePort}`, this.options.meter))
    })
    return (held ? Promise.resolve(at) : listenAt(server, at)).then((endpoint) => ({
      endpoint,
      close: () => new Promise<void>((closed) => {
        for (const socket of open) socket.destroy()
        server.close(() => closed())
      }),
    }))
  }
}

class TcpConnection implements Connection {
  private error?: Error
  private closing?: () => void

  constructor(private readonly socket: Socket, readonly description: string, private readonly meter?: TrafficMeter) {
    socket.setNoDelay(true)
    socket.on('error', (error) => { this.error = error })
    // A peer's FIN starts a close we must wait for, as our own close() does.
    socket.once('end', () => { this.closing ??= this.meter?.begin(); socket.end() })
    socket.once('close', () => this.closing?.())
    if (meter) socket.on('data', (chunk: Buffer) => meter.received(chunk.length))
  }

  get closed(): boolean {
    return this.socket.destroyed || this.socket.writableEnded
  }

  write(bytes: Uint8Array): void {
    if (this.closed) throw new Error(`${this.description} is closed`)
    this.meter?.sent(bytes.length)
    this.socket.write(bytes)
  }

  close(): void {
    if (this.closed) return
    this.closing ??= this.meter?.begin()
    this.socket.end()
  }

  abort(): void {
    if (this.socket.destroyed) return
    this.closing ??= this.meter?.begin()
    this.socket.destroy()
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.socket.on('data', (chunk: Buffer) => listener(new Uint8Array(chunk)))
  }

  onClose(listener: (error?: Error) => void): void {
    this.socket.once('close', (hadError) => listener(hadError ? (this.error ?? new Error('connection reset')) : undefined))
  }
}
