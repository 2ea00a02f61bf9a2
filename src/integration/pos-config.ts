import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/**
 * How the `pos` profile starts and drives an integrator's POS: read from a JSON file (README,
 * "Certifying your own POS"). The POS is started once per scenario, so each case meets a register with
 * an empty journal, as the reference ECR does; the simulated terminal and the witness stay up all run.
 */
export interface PosConfig {
  source: string
  /**
   * The command that starts the POS, and the handshake it follows: it prints `devices HOST:PORT` once
   * the port for the terminal's device requests is bound, reads the terminal's address `HOST:PORT` as
   * one line on standard input, and prints `driver URL` once its driver contract listens.
   */
  start: string[]
  /** Working directory of the command, relative to the config file. */
  cwd: string
  /** How long the POS may take to print its two lines. */
  startTimeoutMs: number
  /** The POS's own wait for a terminal's final answer, as configured by `start`: a Then compares against it. */
  responseTimeoutMs: number
  /** How long one driver operation (a payment) may take before the driver counts as broken. */
  operationTimeoutMs: number
  /** Each call to the driver gives up after this long. */
  callTimeoutMs: number
}

export function loadPosConfig(path: string, extraArgs: readonly string[] = []): PosConfig {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`cannot read the POS config ${path}: ${(error as Error).message} (README, "Certifying your own POS"; CCV_POS names another file)`)
  }
  return parsePosConfig(raw, path, extraArgs)
}

export function parsePosConfig(raw: unknown, source: string, extraArgs: readonly string[] = []): PosConfig {
  const fail = (why: string): never => { throw new Error(`POS config ${source}: ${why}`) }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('must be a JSON object')
  const record = raw as Record<string, unknown>
  const known = ['$comment', 'start', 'cwd', 'startTimeoutSeconds', 'responseTimeoutSeconds', 'operationTimeoutSeconds', 'callTimeoutSeconds']
  for (const key of Object.keys(record)) if (!known.includes(key)) fail(`unknown setting "${key}"; settings are ${known.slice(1).join(', ')}`)
  const start = record.start
  if (!Array.isArray(start) || start.length === 0 || !start.every((a) => typeof a === 'string' && a !== '')) fail('"start" must be the command and its arguments, such as ["python3", "-u", "pos.py"]')
  const seconds = (key: string, fallback: number): number => {
    const value = record[key] ?? fallback
    return typeof value === 'number' && value > 0 && value <= 3600 ? Math.round(value * 1000) : fail(`"${key}" must be seconds from above 0 to 3600`)
  }
  if (record.cwd !== undefined && typeof record.cwd !== 'string') fail('"cwd" must be a directory, relative to the config file')
  return {
    source, start: [...(start as string[]), ...extraArgs], cwd: resolve(dirname(source), (record.cwd as string | undefined) ?? '.'),
    startTimeoutMs: seconds('startTimeoutSeconds', 20), responseTimeoutMs: seconds('responseTimeoutSeconds', 330),
    operationTimeoutMs: seconds('operationTimeoutSeconds', 400), callTimeoutMs: seconds('callTimeoutSeconds', 5),
  }
}
