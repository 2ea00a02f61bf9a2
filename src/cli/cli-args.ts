import type { Endpoint } from '../link/transport'

/** The command line was wrong: nothing was started or sent. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** "4100", "host:4100" or "[::1]:4100"; port 0 means any free port. */
export function parseEndpoint(text: string, option: string, defaultHost: string): Endpoint {
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(text.trim())
  const port = m ? Number(m[2]) : NaN
  if (!m || port > 65535) throw new UsageError(`${option} must be host:port or a port number from 0 to 65535, not "${text}"`)
  return { host: m[1]?.replace(/^\[|\]$/g, '') ?? defaultHost, port }
}

export function parsePort(text: string, option: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) throw new UsageError(`${option} must be a port number from 0 to 65535, not "${text}"`)
  return Number(text)
}

/** A whole number within bounds, for milliseconds, seconds and seeds. */
export function parseWhole(text: string, option: string, min: number, max: number): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${text}"`)
  return n
}

export function oneOf<T extends string>(text: string, option: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T)) throw new UsageError(`${option} must be one of ${allowed.join(', ')}, not "${text}"`)
  return text as T
}

/** node's parseArgs errors name the option but not what to do next. */
export function usageErrorFrom(error: unknown): UsageError {
  return error instanceof UsageError ? error : new UsageError((error as Error).message)
}

/**
 * How every long-running tool reads its command line: a mistake is said on stderr with exit 2 and
 * nothing started; --help prints the help and gives back nothing to run; otherwise the command, with
 * stdout guarded so progress piped into a pager or `head` that has quit cannot take the tool down.
 */
export function commandOrExit<T extends { help?: boolean }>(tool: string, argv: string[], parse: (argv: string[]) => T, help: string): Exclude<T, { help: true }> | undefined {
  let command: T
  try {
    command = parse(argv)
  } catch (error) {
    process.stderr.write(`${tool}: ${(error as Error).message}\n${tool} --help lists the options.\n`)
    process.exit(2)
  }
  if (command.help) {
    process.stdout.write(help)
    return undefined
  }
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error })
  return command as Exclude<T, { help: true }>
}
