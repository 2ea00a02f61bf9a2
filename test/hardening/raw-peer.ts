import { connect, type Socket } from 'node:net'
import { startTerminalServer, type RunningTerminalServer, type TerminalServerOptions } from '../../src/cli/terminal-server'
import type { Endpoint } from '../../src/link/transport'
import { encodeMessage } from '../../src/opi/codec'
import { frame, FrameDecoder } from '../../src/opi/framing'
import type { OpiMessage } from '../../src/opi/messages'
import { decodeMessage } from '../../src/opi/codec'

/** A misbehaving peer on a bare socket: writes whatever bytes it likes and reads back what comes. */
export class RawPeer {
  readonly received: OpiMessage[] = []
  private readonly decoder = new FrameDecoder()
  private waiters: (() => void)[] = []
  closed = false

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const payload of this.decoder.push(new Uint8Array(chunk))) this.received.push(decodeMessage(payload).message)
      this.wake()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => { this.closed = true; this.wake() })
  }

  static open(at: Endpoint): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect(at.port, at.host, () => resolve(new RawPeer(socket)))
      socket.once('error', reject)
    })
  }

  write(bytes: Uint8Array | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
  }

  /** One OPI frame around this XML text. */
  writeXml(xml: string): void {
    this.write(frame(Buffer.from(xml, 'utf8')))
  }

  send(message: OpiMessage): void {
    this.write(frame(encodeMessage(message).bytes))
  }

  /** Resolves when `count` messages have arrived or the connection closed; rejects after `ms`. */
  async until(what: () => boolean, ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms
    while (!what()) {
      if (Date.now() > deadline) throw new Error('the peer waited in vain')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()))
        this.waiters.push(() => { clearTimeout(timer); resolve() })
      })
    }
  }

  end(): void {
    this.socket.destroy()
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }
}

const POS = '<POSdata><POSTimeStamp>2026-01-15T09:00:00</POSTimeStamp></POSdata>'

/** A request whose header reads fine but whose body fails validation (no POSdata). */
export const invalidRequest = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><CardServiceRequest RequestType="CardPayment" RequestID="${id}" WorkstationID="LANE-1"><TotalAmount Currency="EUR">1.00</TotalAmount></CardServiceRequest>`

export const statusRequest = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ServiceRequest RequestType="GetStatus" RequestID="${id}" WorkstationID="LANE-1">${POS}</ServiceRequest>`

/** The terminal server on loopback ports the system picks, nobody at the device port, no default cardholder. */
export function startQuietTerminal(extra: Partial<TerminalServerOptions> = {}, say: (line: string) => void = () => undefined): Promise<RunningTerminalServer> {
  return startTerminalServer({
    listen: { host: '127.0.0.1', port: 0 }, ecr: { host: '127.0.0.1', port: 9 }, dialect: 'nl', seed: 3,
    cardholder: false, cardholderDelayMs: 20, card: 'maestro', entry: 'chip', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs: 10, ...extra,
  }, say)
}
