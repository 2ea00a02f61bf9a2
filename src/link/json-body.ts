import type { IncomingMessage } from 'node:http'

/** A request body that is too large or not JSON; the server says so with a 400-class answer. */
export class JsonBodyError extends Error {
  constructor(readonly problem: 'too large' | 'not json', message: string) {
    super(message)
    this.name = 'JsonBodyError'
  }
}

/** Reads an HTTP request body as JSON: undefined when empty, JsonBodyError when too large or unreadable. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new JsonBodyError('too large', `the body is larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new JsonBodyError('not json', `the body is not valid JSON: ${(error as Error).message}`)
  }
}
