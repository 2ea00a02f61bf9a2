import { createServer, connect, type Server, type Socket } from 'node:net'
import type { Clock } from '../clock/clock'
import { SystemClock } from '../clock/system-clock'
import { listenAt } from '../link/listen'
import { describeEndpoint, type Endpoint } from '../link/transport'
import type { Channel, Party } from '../opi/conversation-log'
import { LineNoise } from './line-noise'
import { WireReader, type WitnessRecord } from './wire-reader'

export interface OpiProxyOptions {
  /** Where registers connect with their requests (channel 0). Loopback unless a bench needs otherwise. */
  listen: Endpoint
  /** The terminal's request port; a function when it is learnt after the proxy starts. */
  terminal: Endpoint | (() => Endpoint)
  /** Where the terminal connects with its device requests (channel 1): the address configured in the terminal. */
  devices: Endpoint
  /** The register's device port, where channel-1 connections are passed on. */
  ecrDevices: Endpoint | (() => Endpoint)
  /**
   * More registers at the same terminal, by workstation: a terminal calls each workstation's register at
   * its own address, so the witness listens at one for each and passes its calls to that register.
   */
  lanes?: Readonly<Record<string, { devices: Endpoint; ecrDevices: Endpoint | (() => Endpoint) }>>
  clock?: Clock
}

export interface ProxyEndpoints {
  channel0: Endpoint
  devices: Endpoint
  /** Where the terminal calls each further workstation's register, as bound. */
  lanes: Record<string, Endpoint>
}

/**
 * A recording witness between any register and any terminal. Every byte is forwarded unchanged, in both
 * directions and on both channels (unless a case arms `noiseTowardsRegister`); a copy is read as OPI and
 * handed to the listeners with the wall-clock time it passed. Nothing the proxy reads, however malformed,
 * changes or stops what it forwards.
 */
export class OpiProxy {
  private readonly servers: Server[] = []
  private readonly sockets = new Set<Socket>()
  private readonly listeners: ((record: WitnessRecord) => void)[] = []
  private readonly clock: Clock
  /** The register's side of channel 0: where it listens, and the server unless the witness stood down. */
  private requests?: { endpoint: Endpoint; server?: Server }
  /**
   * Noise on the register's line, when a case calls for it (T1A): the one thing the witness ever changes.
   * It reads and records the terminal's answer as the terminal sent it; only the register's copy is garbled.
   */
  readonly noiseTowardsRegister = new LineNoise()

  constructor(private readonly options: OpiProxyOptions) {
    this.clock = options.clock ?? new SystemClock()
  }

  /** Every record from now on; returns a function that stops the listener. */
  onRecord(listener: (record: WitnessRecord) => void): () => void {
    this.listeners.push(listener)
    return () => { const i = this.listeners.indexOf(listener); if (i >= 0) this.listeners.splice(i, 1) }
  }

  async start(): Promise<ProxyEndpoints> {
    const channel0 = await this.serve(0, this.options.listen, 'ECR', () => resolve(this.options.terminal))
    const devices = await this.serve(1, this.options.devices, 'terminal', () => resolve(this.options.ecrDevices))
    const lanes: Record<string, Endpoint> = {}
    for (const [workstation, lane] of Object.entries(this.options.lanes ?? {})) lanes[workstation] = await this.serve(1, lane.devices, 'terminal', () => resolve(lane.ecrDevices), workstation)
    return { channel0, devices, lanes }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await Promise.all(this.servers.splice(0).map((server) => new Promise<void>((closed) => server.close(() => closed()))))
  }

  /**
   * The terminal is said to be switched off. A proxy takes a register's connection before it can know
   * whether the terminal will, so the register would see a link that drops, never the refusal a
   * switched-off terminal gives. So the witness looks for itself (one connection attempt, no bytes) and,
   * when the terminal takes none, stops taking the register's connections too until `standUp`. Resolves
   * false, changing nothing, when the terminal still takes connections.
   */
  async standDown(): Promise<boolean> {
    const terminal = resolve(this.options.terminal)
    if (await takesConnections(terminal)) return false
    const server = this.requests?.server
    if (server) {
      this.servers.splice(this.servers.indexOf(server), 1)
      this.requests = { endpoint: this.requests!.endpoint }
      await new Promise<void>((closed) => server.close(() => closed()))
    }
    this.emit({ atMs: this.clock.now(), channel: 0, from: 'terminal', closed: true, problem: `the terminal at ${describeEndpoint(terminal)} takes no connections: the witness takes none from the register either, until it does` })
    return true
  }

  /** The register's port open again, at the same address, after `standDown`. */
  async standUp(): Promise<void> {
    if (!this.requests || this.requests.server) return
    const server = createServer((incoming) => this.join(0, 'ECR', incoming, resolve(this.options.terminal)))
    await listenAt(server, this.requests.endpoint)
    this.servers.push(server)
    this.requests.server = server
  }

  private emit(record: WitnessRecord): void {
    for (const listener of [...this.listeners]) listener(record)
  }

  private async serve(channel: Channel, at: Endpoint, caller: Party, target: () => Endpoint, workstation?: string): Promise<Endpoint> {
    const server = createServer((incoming) => this.join(channel, caller, incoming, target(), workstation))
    const bound = await listenAt(server, at)
    this.servers.push(server)
    if (channel === 0) this.requests = { endpoint: bound, server }
    return bound
  }

  /**
   * One connection: the caller's socket joined to a new one towards the far side. Its records carry the
   * workstation it serves: the lane's, for a lane's device address, else the one its first message names.
   */
  private join(channel: Channel, caller: Party, incoming: Socket, to: Endpoint, lane?: string): void {
    const callee: Party = caller === 'ECR' ? 'terminal' : 'ECR'
    const outgoing = connect(to.port, to.host)
    this.track(incoming)
    this.track(outgoing)
    let workstation = lane
    const emit = (record: WitnessRecord) => {
      workstation ??= record.message?.workstationId
      this.emit(workstation === undefined ? record : { ...record, workstation })
    }
    const readers = { [caller]: new WireReader(channel, caller, this.clock, emit), [callee]: new WireReader(channel, callee, this.clock, emit) }
    // Bytes the caller sends before the far side has taken the connection are held here and read only
    // once they can be passed on: a message to a far side that refuses the connection never crossed the
    // wire, so the witness does not record it as sent (H2A: the terminal calling a register that is off).
    let held: Buffer[] | undefined = []
    const pass = (chunk: Buffer) => { outgoing.write(chunk); readers[caller].read(chunk) }
    incoming.on('data', (chunk: Buffer) => { if (held) held.push(chunk); else pass(chunk) })
    outgoing.once('connect', () => { const waiting = held ?? []; held = undefined; for (const chunk of waiting) pass(chunk) })
    const towardsCaller = channel === 0 && caller === 'ECR' ? (chunk: Buffer) => this.noiseTowardsRegister.pass(chunk) : (chunk: Buffer) => chunk
    outgoing.on('data', (chunk: Buffer) => { incoming.write(towardsCaller(chunk)); readers[callee].read(chunk) })
    // Whoever ends first is the one who closed the link; the other side is told by an orderly end.
    let closedBy: { by: Party; error?: Error } | undefined
    const ended = (by: Party, error?: Error) => {
      if (closedBy) return
      closedBy = { by, error }
      incoming.end()
      outgoing.end()
    }
    let open = 2
    const gone = () => {
      if (--open > 0) return
      readers[caller].end()
      readers[callee].end()
      emit({ atMs: this.clock.now(), channel, from: closedBy?.by ?? caller, closed: true, problem: closedBy?.error?.message })
    }
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const undelivered = held?.reduce((sum, chunk) => sum + chunk.length, 0)
      held = undefined
      const lost = undelivered ? `; ${undelivered} bytes from ${caller === 'ECR' ? 'the register' : 'the terminal'} were not passed on` : ''
      ended(callee, error.code === 'ECONNREFUSED' ? new Error(`${callee === 'terminal' ? 'the terminal' : 'the register'} refused the connection at ${describeEndpoint(to)}${lost}`) : error)
      incoming.destroy()
    })
    incoming.on('error', (error: Error) => { ended(caller, error); outgoing.destroy() })
    incoming.on('end', () => ended(caller))
    outgoing.on('end', () => ended(callee))
    incoming.on('close', () => { ended(caller); gone() })
    outgoing.on('close', () => { ended(callee); gone() })
  }

  private track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
  }
}

/** One connection attempt without a byte: whether anything listens there now (three seconds at most). */
function takesConnections(at: Endpoint): Promise<boolean> {
  return new Promise((answer) => {
    const probe = connect(at.port, at.host)
    const timer = setTimeout(() => { probe.destroy(); answer(false) }, 3_000)
    probe.once('connect', () => { clearTimeout(timer); probe.destroy(); answer(true) })
    probe.once('error', () => { clearTimeout(timer); answer(false) })
  })
}

function resolve(target: Endpoint | (() => Endpoint)): Endpoint {
  return typeof target === 'function' ? target() : target
}
