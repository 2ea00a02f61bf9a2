import type { Connection, Endpoint, Listener, Transport } from '../src/link/transport'

/** Raised by anything the register tries after its power went: a dead process does nothing more. */
export class PoweredOff extends Error {
  constructor() {
    super('the register has no power')
    this.name = 'PoweredOff'
  }
}

/**
 * The register's mains plug, for H2A. Every connection and listener the register opens goes through
 * here, so cutting the power drops them all at once, as a dying process would, and nothing the dead
 * register's leftover timers try afterwards reaches the link.
 */
export class PowerSupply implements Transport {
  private on = true
  private readonly connections: Connection[] = []
  private readonly listeners: Listener[] = []

  constructor(private readonly transport: Transport) {}

  async connect(to: Endpoint): Promise<Connection> {
    if (!this.on) throw new PoweredOff()
    const connection = await this.transport.connect(to)
    this.keep(connection)
    return connection
  }

  async listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    if (!this.on) throw new PoweredOff()
    const listener = await this.transport.listen(at, (connection) => {
      if (!this.on) return connection.close()
      this.keep(connection)
      onConnection(connection)
    })
    this.listeners.push(listener)
    return listener
  }

  /** Only open connections are kept: a machine that runs for days opens thousands. */
  private keep(connection: Connection): void {
    this.connections.push(connection)
    connection.onClose(() => {
      const i = this.connections.indexOf(connection)
      if (i >= 0) this.connections.splice(i, 1)
    })
  }

  async cut(): Promise<void> {
    this.on = false
    for (const connection of this.connections.splice(0)) if (!connection.closed) connection.close()
    await Promise.all(this.listeners.splice(0).map((l) => l.close()))
  }
}
