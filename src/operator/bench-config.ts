import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Endpoint } from '../link/transport'
import { DEFAULT_PROMPT_TIMEOUTS_MS, type PromptKind, type PromptTimeouts } from './prompts'
import { DEFAULT_TEST_CARDS } from './test-card-registry'

/** The bench a `real` run drives: read from a JSON file (format in README, "Certifying on the bench"). */
export interface BenchConfig {
  source: string
  /** The terminal's request port (channel 0). */
  terminal?: Endpoint
  dialect: 'nl' | 'de'
  /**
   * How the register reaches the terminal: TCP through the recording proxy, or one serial line (both
   * channels on it, single-socket mode) with the witness clipped onto the register's end.
   */
  link: { kind: 'tcp' } | { kind: 'serial'; path: string; baudRate: number }
  /**
   * The recording witness: where the register connects, and where the terminal calls back (channel 1);
   * `lanes`: where it calls each further workstation's register (Q1F's second lane), as set in the terminal.
   */
  witness: { listen: Endpoint; devices: Endpoint; lanes: Record<string, Endpoint> }
  testCards: string
  operator: { kind: 'console'; name: string } | { kind: 'scripted'; control?: string; token?: string }
  promptTimeoutsMs: PromptTimeouts
  /** Regular expressions for the terminal's texts, in its language. */
  screens: Record<'present card' | 'enter PIN' | 'remove card' | 'authorising', string>
  /** Longest wall-clock wait a scenario may ask for (a day cannot pass on the bench). */
  maxWaitMs: number
  /** CI only: start the simulated terminal (bin/ccv-terminal.cjs) as its own process and treat it as real. */
  simulate?: { hostLatencyMs: number; cardTimeoutSeconds?: number; pinTimeoutSeconds?: number; timeSpeed: number }
}

const LOOPBACK = '127.0.0.1'

export function loadBenchConfig(path: string): BenchConfig {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '; copy bench/bench.example.json to bench.json and fill in your bench, or set CCV_BENCH to your file (README, "Certifying on the bench")' : ''
    throw new Error(`cannot read the bench config ${path}: ${(error as Error).message}${missing}`)
  }
  return parseBenchConfig(raw, path)
}

export function parseBenchConfig(raw: unknown, source: string): BenchConfig {
  const fail = (why: string): never => { throw new Error(`bench config ${source}: ${why}`) }
  if (!isRecord(raw)) return fail('must be a JSON object')
  const known = ['$comment', 'terminal', 'dialect', 'link', 'witness', 'testCards', 'operator', 'promptTimeoutsSeconds', 'screens', 'maxWaitSeconds', 'simulate']
  for (const key of Object.keys(raw)) if (!known.includes(key)) fail(`unknown setting "${key}"; settings are ${known.slice(1).join(', ')}`)
  const simulate = raw.simulate === undefined ? undefined : isRecord(raw.simulate) ? {
    hostLatencyMs: whole(raw.simulate.hostLatencyMs ?? 1000, 'simulate.hostLatencyMs', fail),
    cardTimeoutSeconds: raw.simulate.cardTimeoutSeconds === undefined ? undefined : whole(raw.simulate.cardTimeoutSeconds, 'simulate.cardTimeoutSeconds', fail),
    pinTimeoutSeconds: raw.simulate.pinTimeoutSeconds === undefined ? undefined : whole(raw.simulate.pinTimeoutSeconds, 'simulate.pinTimeoutSeconds', fail),
    // Only a simulated terminal's clock can be sped up; a real one keeps real time, so there is no top-level setting.
    timeSpeed: raw.simulate.timeSpeed === undefined ? 1 : within(whole(raw.simulate.timeSpeed, 'simulate.timeSpeed', fail), 1, 1000, 'simulate.timeSpeed', fail),
  } : fail('"simulate" must be an object')
  const link = parseLink(raw.link, fail)
  if (link.kind === 'serial' && simulate) fail('"simulate" runs the simulated terminal as a network server: leave "link" out (TCP) for a simulated bench')
  if (link.kind === 'serial' && raw.witness !== undefined) fail('"witness" sets the addresses of the TCP witness; on a serial line the witness is clipped onto the register\'s end and has none')
  if (raw.terminal === undefined && !simulate && link.kind === 'tcp') fail('"terminal" (host:port of the terminal\'s request port) is required')
  const dialect = raw.dialect === undefined ? 'nl' : raw.dialect === 'nl' || raw.dialect === 'de' ? raw.dialect : fail('"dialect" must be "nl" or "de"')
  const witness = isRecord(raw.witness) ? raw.witness : raw.witness === undefined ? {} : fail('"witness" must be an object')
  for (const key of Object.keys(witness)) if (!['listen', 'devices', 'lanes'].includes(key)) fail(`"witness" has no setting "${key}"; settings are listen, devices, lanes`)
  const lanes = witness.lanes === undefined ? {} : isRecord(witness.lanes) ? witness.lanes : fail('"witness.lanes" must be an object of workstation: "host:port"')
  const operator = parseOperator(raw.operator, fail)
  const timeouts = { ...DEFAULT_PROMPT_TIMEOUTS_MS }
  if (raw.promptTimeoutsSeconds !== undefined) {
    if (!isRecord(raw.promptTimeoutsSeconds)) fail('"promptTimeoutsSeconds" must be an object of prompt kinds')
    for (const [kind, seconds] of Object.entries(raw.promptTimeoutsSeconds as Record<string, unknown>)) {
      if (!(kind in timeouts)) fail(`"promptTimeoutsSeconds" has no prompt kind "${kind}"; kinds are ${Object.keys(timeouts).join(', ')}`)
      if (typeof seconds !== 'number' || !(seconds > 0) || seconds > 3600) fail(`"promptTimeoutsSeconds.${kind}" must be seconds from above 0 to 3600`)
      timeouts[kind as PromptKind] = Math.round((seconds as number) * 1000)
    }
  }
  const screens = { 'present card': '^Present (one )?card', 'enter PIN': 'PIN', 'remove card': 'Remove card', authorising: 'wait' }
  if (raw.screens !== undefined) {
    if (!isRecord(raw.screens)) fail('"screens" must be an object')
    for (const [moment, pattern] of Object.entries(raw.screens as Record<string, unknown>)) {
      if (!(moment in screens)) fail(`"screens" has no moment "${moment}"; moments are ${Object.keys(screens).join(', ')}`)
      if (typeof pattern !== 'string') fail(`"screens.${moment}" must be a regular expression as text`)
      try { new RegExp(pattern as string) } catch (error) { fail(`"screens.${moment}": ${(error as Error).message}`) }
      screens[moment as keyof typeof screens] = pattern as string
    }
  }
  const here = dirname(source)
  return {
    source,
    terminal: raw.terminal === undefined ? undefined : endpoint(raw.terminal, 'terminal', fail),
    dialect,
    link,
    witness: {
      listen: endpoint(witness.listen ?? `${LOOPBACK}:0`, 'witness.listen', fail),
      devices: endpoint(witness.devices ?? `${LOOPBACK}:${dialect === 'de' ? 20007 : 4102}`, 'witness.devices', fail),
      lanes: Object.fromEntries(Object.entries(lanes).map(([workstation, at]) => [workstation, endpoint(at, `witness.lanes.${workstation}`, fail)])),
    },
    testCards: typeof raw.testCards === 'string' ? resolve(here, raw.testCards) : raw.testCards === undefined ? DEFAULT_TEST_CARDS : fail('"testCards" must be a file path'),
    operator,
    promptTimeoutsMs: timeouts,
    screens,
    maxWaitMs: whole(raw.maxWaitSeconds ?? 600, 'maxWaitSeconds', fail) * 1000,
    simulate,
  }
}

function parseLink(raw: unknown, fail: (why: string) => never): BenchConfig['link'] {
  if (raw === undefined) return { kind: 'tcp' }
  if (!isRecord(raw)) return fail('"link" must be an object: {"kind":"tcp"} or {"kind":"serial","path":"/dev/ttyUSB0","baudRate":115200}')
  for (const key of Object.keys(raw)) if (!['kind', 'path', 'baudRate'].includes(key)) fail(`"link" has no setting "${key}"; settings are kind, path, baudRate`)
  if (raw.kind === 'tcp') return raw.path === undefined && raw.baudRate === undefined ? { kind: 'tcp' } : fail('"link.path" and "link.baudRate" are for a serial line ("kind":"serial")')
  if (raw.kind !== 'serial') return fail('"link.kind" must be "tcp" or "serial"')
  if (typeof raw.path !== 'string' || raw.path.trim() === '') fail('"link.path" must name the serial device, such as /dev/ttyUSB0 or COM3')
  const baudRate = raw.baudRate === undefined ? 115_200 : whole(raw.baudRate, 'link.baudRate', fail)
  if (![1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200, 230_400].includes(baudRate)) fail(`"link.baudRate" must be a standard rate (1200 to 230400), not ${baudRate}`)
  return { kind: 'serial', path: raw.path, baudRate }
}

function parseOperator(raw: unknown, fail: (why: string) => never): BenchConfig['operator'] {
  if (raw === undefined) return { kind: 'console', name: process.env.USER ?? 'operator' }
  if (!isRecord(raw)) return fail('"operator" must be an object')
  if (raw.kind === 'console') return { kind: 'console', name: typeof raw.name === 'string' ? raw.name : process.env.USER ?? 'operator' }
  if (raw.kind === 'scripted') {
    if (raw.control !== undefined && typeof raw.control !== 'string') fail('"operator.control" must be the control channel\'s URL')
    return { kind: 'scripted', control: raw.control, token: typeof raw.token === 'string' ? raw.token : undefined }
  }
  return fail('"operator.kind" must be "console" (a person) or "scripted" (the simulated terminal\'s control channel)')
}

function endpoint(value: unknown, name: string, fail: (why: string) => never): Endpoint {
  const m = typeof value === 'string' ? /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value) : null
  if (!m || Number(m[2]) > 65535) return fail(`"${name}" must be "host:port", not ${JSON.stringify(value)}`)
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) }
}

function whole(value: unknown, name: string, fail: (why: string) => never): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return fail(`"${name}" must be a whole number`)
  return value
}

function within(value: number, min: number, max: number, name: string, fail: (why: string) => never): number {
  return value >= min && value <= max ? value : fail(`"${name}" must be from ${min} to ${max}`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
