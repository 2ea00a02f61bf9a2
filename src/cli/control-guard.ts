import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Endpoint } from '../link/transport'

/** Who may act on the control channel, beyond reaching its port. */
export interface ControlAccess {
  /** Required as `Authorization: Bearer <token>` when set. */
  token?: string
  /** Extra Host header values (host:port) and Origins (http://host:port) accepted besides the channel's own. */
  allowedHosts: string[]
  allowedOrigins: string[]
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/**
 * The access rules for a control channel bound at `at`: a channel reachable from other machines takes
 * a bearer token (the one given, or a fresh random one the terminal prints at start).
 */
export function controlAccess(at: Endpoint, given: { token?: string; allowedHosts?: string[]; allowedOrigins?: string[] } = {}): ControlAccess {
  const token = given.token ?? (isLoopback(at.host) ? undefined : randomBytes(18).toString('base64url'))
  return { token, allowedHosts: given.allowedHosts ?? [], allowedOrigins: given.allowedOrigins ?? [] }
}

/**
 * Why a request may not act, or undefined. A web page in a browser on the bench machine can reach a
 * loopback port: a cross-site POST carries the page's Origin, and DNS rebinding carries a foreign Host.
 * Both are refused unless they name the channel itself (or were configured).
 */
export function refusal(headers: IncomingHttpHeaders, bound: Endpoint, access: ControlAccess): { status: number; why: string } | undefined {
  const own = ownNames(bound)
  const host = (headers.host ?? '').toLowerCase()
  const wildcard = bound.host === '0.0.0.0' || bound.host === '::'
  if (!host) return { status: 400, why: 'the request names no Host' }
  if (!wildcard && !own.includes(host) && !access.allowedHosts.includes(host)) {
    return { status: 403, why: `Host "${host}" is not this control channel (${own[0]}); add it with --control-allow-host if it should be` }
  }
  const origin = headers.origin
  if (origin !== undefined && !own.map((name) => `http://${name}`).includes(origin.toLowerCase()) && !access.allowedOrigins.includes(origin)
    && !(wildcard && origin.toLowerCase() === `http://${host}`)) {
    return { status: 403, why: `requests from the web page at ${origin} are refused; add it with --control-allow-origin if it should act` }
  }
  if (access.token !== undefined && !sameToken(headers.authorization, access.token)) {
    return { status: 401, why: 'this control channel wants "Authorization: Bearer <token>" (the token the terminal printed at start, or --control-token)' }
  }
  return undefined
}

/** host:port forms by which a client on this machine reaches the channel. */
function ownNames(bound: Endpoint): string[] {
  const port = bound.port
  const host = bound.host.includes(':') ? `[${bound.host}]` : bound.host
  const names = [`${host}:${port}`]
  if (isLoopback(bound.host)) names.push(`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`)
  return names.map((n) => n.toLowerCase())
}

function sameToken(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '')
  if (!m) return false
  const given = Buffer.from(m[1])
  const wanted = Buffer.from(token)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}
