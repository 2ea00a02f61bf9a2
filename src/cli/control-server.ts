import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { JsonBodyError, readJsonBody } from '../link/json-body'
import { listenAt } from '../link/listen'
import type { Endpoint } from '../link/transport'
import { ControlError, type ControlApi } from '../terminal/control-api'
import { controlAccess, refusal, type ControlAccess } from './control-guard'

const MAX_BODY_BYTES = 16 * 1024

export interface ControlServer {
  endpoint: Endpoint
  close(): Promise<void>
}

/** The control API on plain HTTP with JSON bodies, so curl or any test can act on the terminal. */
export function startControlServer(api: ControlApi, at: Endpoint, say: (line: string) => void, access: ControlAccess = controlAccess(at)): Promise<ControlServer> {
  let bound = at
  const server = createServer((request, response) => {
    const refused = refusal(request.headers, bound, access)
    if (!refused) return void answer(api, request, response, say)
    say(`control: ${request.method ?? 'GET'} ${request.url ?? '/'} refused (${refused.status}): ${refused.why}`)
    request.resume()
    response.writeHead(refused.status, { 'content-type': 'application/json; charset=utf-8' })
    response.end(`${JSON.stringify({ error: refused.why }, null, 2)}\n`)
  })
  // A client that opens a connection and sends nothing must not hold it for ever.
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  return listenAt(server, at).then((endpoint) => (bound = endpoint, {
    endpoint,
    close: () => new Promise<void>((closed) => { server.closeAllConnections(); server.close(() => closed()) }),
  }))
}

async function answer(api: ControlApi, request: IncomingMessage, response: ServerResponse, say: (line: string) => void): Promise<void> {
  const method = request.method ?? 'GET'
  const path = new URL(request.url ?? '/', 'http://control').pathname
  let status: number
  let body: Record<string, unknown>
  try {
    const answered = await api.perform(method, path, await readJson(request))
    status = answered.status
    body = answered.body
    if (method !== 'GET') say(`control: ${method} ${path}: ${typeof body.done === 'string' ? body.done : 'done'}`)
  } catch (error) {
    status = error instanceof ControlError ? error.status : 500
    body = { error: (error as Error).message }
    say(`control: ${method} ${path} refused (${status}): ${(error as Error).message}`)
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  response.end(`${JSON.stringify(body, null, 2)}\n`)
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(request, MAX_BODY_BYTES)
  } catch (error) {
    throw error instanceof JsonBodyError ? new ControlError(400, error.message) : error
  }
}
