import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EReceipt } from '../src/ecr/machine/e-receipts'

/** How the operator's receipt service behaves: the environment of CCV F12/F13. */
export type ReceiptServiceMode = 'accepting' | 'refusing the address' | 'overloaded' | 'down'

/**
 * The e-receipt service the machine posts to, as a real HTTP server on loopback (port 0). What it
 * received is the cardholder's inbox as the scenario reads it. Real I/O is not on virtual time, so a
 * step waits for the delivery by event, with a timeout that says what did not arrive.
 */
export class ReceiptService {
  readonly received: EReceipt[] = []
  mode: ReceiptServiceMode = 'accepting'
  private readonly waiters: ((receipt: EReceipt) => void)[] = []

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<ReceiptService> {
    const started: { service?: ReceiptService } = {}
    const server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => started.service?.take(Buffer.concat(chunks).toString('utf8'), (status, text) => response.writeHead(status, { 'content-type': 'text/plain' }).end(text)))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    started.service = new ReceiptService(server, `http://127.0.0.1:${port}/e-receipts`)
    return started.service
  }

  /** The service goes down: connections are refused from now on. */
  async goDown(): Promise<void> {
    this.mode = 'down'
    await this.close()
  }

  /** Resolves with the next receipt to arrive (or one that already has), or fails after `timeoutMs` of real time. */
  nextDelivery(timeoutMs: number, already = 0): Promise<EReceipt> {
    if (this.received.length > already) return Promise.resolve(this.received[already])
    return new Promise<EReceipt>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no e-receipt reached the receipt service within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.push((receipt) => { clearTimeout(timer); resolve(receipt) })
    })
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private take(body: string, answer: (status: number, text: string) => void): void {
    let receipt: EReceipt
    try {
      receipt = JSON.parse(body) as EReceipt
    } catch {
      return answer(400, 'not a receipt')
    }
    if (this.mode === 'refusing the address') return answer(422, `mailbox ${receipt.to} does not exist`)
    if (this.mode === 'overloaded') return answer(503, 'too busy, try again later')
    this.received.push(receipt)
    answer(202, 'accepted')
    for (const waiter of this.waiters.splice(0)) waiter(receipt)
  }
}
