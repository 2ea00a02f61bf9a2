import { request } from 'node:http'

/** One e-receipt: the cardholder's address, and the same lines as the printed ticket (masked card number only). */
export interface EReceipt {
  to: string
  subject: string
  lines: string[]
  trackingToken: string
  requestId: string
}

export interface EReceiptChannel {
  /** Resolves once the receipt service has taken the receipt; rejects with the reason it did not. */
  deliver(receipt: EReceipt): Promise<void>
}

/**
 * E-receipts through the operator's receipt service, posted as JSON to its webhook over HTTP. A
 * service that is down, refuses or does not answer within `timeoutMs` is a failure the machine reports.
 */
export class WebhookEReceipts implements EReceiptChannel {
  constructor(private readonly url: string, private readonly timeoutMs: number) {}

  deliver(receipt: EReceipt): Promise<void> {
    const body = JSON.stringify(receipt)
    return new Promise<void>((resolve, reject) => {
      const post = request(this.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: this.timeoutMs }, (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          const status = answer.statusCode ?? 0
          if (status >= 200 && status < 300) resolve()
          else reject(new Error(`the receipt service refused it: ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`))
        })
      })
      post.on('timeout', () => post.destroy(new Error(`the receipt service did not answer within ${this.timeoutMs} ms`)))
      post.on('error', (error) => reject(new Error(`the receipt service is not reachable: ${error.message}`)))
      post.end(body)
    })
  }
}
