import { SerialPort } from 'serialport'
import { describeEndpoint, type Connection, type Endpoint, type Listener, type Transport } from './transport'
import type { TrafficMeter } from './traffic-meter'

/** What we use of a serial port stream; `serialport`'s SerialPort and SerialPortMock both fit. */
export interface SerialStream {
  readonly isOpen: boolean
  write(data: Buffer): boolean
  close(callback?: (error?: Error | null) => void): void
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
  on(event: 'close', listener: (error?: Error | null) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  once(event: 'open', listener: () => void): unknown
  once(event: 'error', listener: (error: Error) => void): unknown
}

export interface SerialOptions {
  /** The device, e.g. /dev/ttyUSB0 or COM3. */
  path: string
  baudRate?: number
  /** Opens the port; tests pass one that makes a SerialPortMock (stack recipe P16: no hardware in CI). */
  openPort?: (path: string, baudRate: number) => SerialStream
  /** Only for rigs on a virtual clock: counts bytes on the line, as for loopback TCP. */
  meter?: TrafficMeter
}

/** The line carries one conversation at a time; a second one would interleave its frames with the first. */
export class SerialLineBusy extends Error {
  constructor(path: string) {
    super(`${path} already carries a conversation: send the next request on the running one ({ connection: 'shared' })`)
    this.name = 'SerialLineBusy'
  }
}

/**
 * OPI over a serial line, with the same 4-byte framing as TCP. A line is one point-to-point stream
 * with no ports and no connection set-up, so both OPI channels share it: use single-socket mode
 * (Dialect.socketMode 'single') on both ends. Endpoints are ignored.
 *
 * A "connection" here is one conversation on the open line: `connect()` starts one (ECR side);
 * `listen()` starts one whenever bytes arrive while none is running (terminal side). Closing a
 * conversation leaves the line open for the next. A line has no FIN, so the far end closing is never
 * seen; the client's response and silence timers cover a terminal that went away. The port itself
 * failing (cable pulled from a USB adapter) closes the conversation with an error.
 */
export class SerialTransport implements Transport {
  private port?: Promise<SerialStream>
  private current?: SerialConversation
  private accept?: (connection: Connection) => void

  constructor(private readonly options: SerialOptions) {}

  async connect(to: Endpoint): Promise<Connection> {
    const port = await this.open()
    if (this.current && !this.current.closed) throw new SerialLineBusy(this.options.path)
    this.current = new SerialConversation(port, `serial ${this.options.path} (for ${describeEndpoint(to)})`, this.options.meter)
    return this.current
  }

  async listen(at: Endpoint, onConnection: (connection: Connection) => void): Promise<Listener> {
    if (this.accept) throw new Error(`${this.options.path} is already listened on`)
    await this.open()
    this.accept = onConnection
    return {
      endpoint: at,
      close: async () => {
        this.accept = undefined
        await this.closePort()
      },
    }
  }

  /** Closes the line itself. */
  async closePort(): Promise<void> {
    const port = await this.port
    this.port = undefined
    this.current?.close()
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
  }

  private open(): Promise<SerialStream> {
    this.port ??= new Promise<SerialStream>((resolve, reject) => {
      const baudRate = this.options.baudRate ?? 9600
      const port = this.options.openPort?.(this.options.path, baudRate) ?? new SerialPort({ path: this.options.path, baudRate })
      let opened = false
      // Errors after opening are reported through 'close'; before, they mean the line cannot be used.
      port.on('error', (error) => { if (!opened) reject(new Error(`cannot open ${this.options.path}: ${error.message}`)) })
      port.once('open', () => {
        opened = true
        port.on('data', (chunk: Buffer) => this.received(port, chunk))
        port.on('close', (error) => this.current?.end(error ?? new Error(`${this.options.path} was closed`)))
        resolve(port)
      })
    })
    this.port.catch(() => { this.port = undefined })
    return this.port
  }

  private received(port: SerialStream, chunk: Buffer): void {
    this.options.meter?.received(chunk.length)
    if ((!this.current || this.current.closed) && this.accept) {
      this.current = new SerialConversation(port, `serial ${this.options.path}`, this.options.meter)
      this.accept(this.current)
    }
    // Bytes with no conversation to take them (a late answer after we gave up) are dropped.
    if (this.current && !this.current.closed) this.current.deliver(new Uint8Array(chunk))
  }
}

class SerialConversation implements Connection {
  closed = false
  private readonly dataListeners: ((chunk: Uint8Array) => void)[] = []
  private readonly closeListeners: ((error?: Error) => void)[] = []

  constructor(private readonly port: SerialStream, readonly description: string, private readonly meter?: TrafficMeter) {}

  write(bytes: Uint8Array): void {
    if (this.closed || !this.port.isOpen) throw new Error(`${this.description} is closed`)
    this.meter?.sent(bytes.length)
    this.port.write(Buffer.from(bytes))
  }

  close(): void {
    this.end()
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener)
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener)
  }

  deliver(chunk: Uint8Array): void {
    for (const listener of this.dataListeners) listener(chunk)
  }

  end(error?: Error): void {
    if (this.closed) return
    this.closed = true
    for (const listener of this.closeListeners.splice(0)) listener(error)
  }
}
