import { describeEndpoint, type Connection, type Endpoint, type Listener, type Transport } from '../link/transport'

/** Which way a connection was set up: the register called the terminal, or the terminal called the register. */
export type CableRole = 'accepted' | 'dialled'

/** Bytes on the cable, for whoever watches what the terminal does (the bench prints it). */
export interface CableTraffic {
  connection: Connection
  role: CableRole
  event: 'opened' | 'in' | 'out' | 'closed'
  bytes?: Uint8Array
}

/** The terminal has no power: it neither answers nor calls anyone. */
export class TerminalPoweredOff extends Error {
  constructor(to: Endpoint) {
    super(`the terminal is powered off and cannot reach ${describeEndpoint(to)}`)
    this.name = 'TerminalPoweredOff'
  }
}

/**
 * The terminal's network cable. Every connection the terminal accepts or opens passes through it, so
 * the environment can pull the cable (cut every open connection) or take the power away (cut them and
 * refuse new ones) without the terminal's request handlers knowing anything about it.
 */
export class TerminalCable implements Transport {
  private readonly open = new Set<Connection>()
  private readonly watchers: ((traffic: CableTraffic) => void)[] = []
  private powered = true
  /** Where the terminal listens, as bound (port 0 becomes the port the system chose). */
  listening?: Endpoint

  constructor(private readonly inner: Transport) {}

  async connect(to: Endpoint): Promise<Connection> {
    if (!this.powered) throw new TerminalPoweredOff(to)
    const connection = await this.inner.connect(to)
    // The power may have gone while the call was being set up.
    if (!this.powered) {
      connection.close()
      throw new TerminalPoweredOff(to)
    }
    return this.track(connection, 'dialled')
  }

  async listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    const listener = await this.inner.listen(at, (connection) => {
      if (!this.powered) connection.close()
      else onConnection(this.track(connection, 'accepted'))
    })
    this.listening = listener.endpoint
    return listener
  }

  onTraffic(watcher: (traffic: CableTraffic) => void): void {
    this.watchers.push(watcher)
  }

  get openConnections(): number {
    return this.open.size
  }

  /** Pulls the cable and puts it back: every open connection ends; new ones can be made at once. */
  cut(): number {
    const cut = this.open.size
    for (const connection of [...this.open]) connection.close()
    this.open.clear()
    return cut
  }

  powerOff(): number {
    this.powered = false
    return this.cut()
  }

  powerOn(): void {
    this.powered = true
  }

  private track(connection: Connection, role: CableRole): Connection {
    this.open.add(connection)
    const tell = (event: CableTraffic['event'], bytes?: Uint8Array) => {
      for (const watcher of this.watchers) watcher({ connection, role, event, bytes })
    }
    connection.onClose(() => {
      this.open.delete(connection)
      tell('closed')
    })
    connection.onData((bytes) => tell('in', bytes))
    tell('opened')
    return {
      description: connection.description,
      get closed() { return connection.closed },
      write: (bytes) => { connection.write(bytes); tell('out', bytes) },
      close: () => connection.close(),
      abort: () => (connection.abort ?? connection.close).call(connection),
      onData: (listener) => connection.onData(listener),
      onClose: (listener) => connection.onClose(listener),
    }
  }
}
