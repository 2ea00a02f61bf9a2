import { createServer, type Server } from 'node:http'
import { listenAt } from '../../link/listen'

const MAX_BODY_BYTES = 4 * 1024

/**
 * Where CCV posts its webhooks for the POS app. The body carries only the payment's id, so the receiver
 * only passes the id on: the POS app must ask the Payment API what became of it.
 */
export class WebhookReceiver {
  private readonly server: Server
  private url?: string

  constructor(onId: (id: string) => void) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = []
      let size = 0
      request.on('data', (chunk: Buffer) => { size += chunk.length; if (size <= MAX_BODY_BYTES) chunks.push(chunk) })
      request.on('end', () => {
        let id: unknown
        try {
          id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown }).id
        } catch {
          id = undefined
        }
        if (typeof id !== 'string' || size > MAX_BODY_BYTES) {
          response.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"expected {\\"id\\":\\"...\\"}"}\n')
          return
        }
        // Passed on before answering, so the status query is under way before the sender sees the answer.
        onId(id)
        response.writeHead(204).end()
      })
    })
  }

  async listen(): Promise<string> {
    const at = await listenAt(this.server, { host: '127.0.0.1', port: 0 })
    this.url = `http://127.0.0.1:${at.port}/ccv-webhook`
    return this.url
  }

  close(): Promise<void> {
    return new Promise((closed) => { this.server.closeAllConnections(); this.server.close(() => closed()) })
  }
}
