import { sleep, type Clock } from '../clock/clock'
import type { CardServiceRequest, OverallResult, ServiceRequest } from '../opi/messages'

/** The terminal's own restarts, as a CCV terminal goes through them in the field. */
export type TerminalRestartKind = 'component update' | 'daily reboot' | 'client restart'

/** How long the terminal is away (connections refused) and then starting (requests answered DeviceUnavailable). */
export interface RestartPlan {
  awayMs: number
  startingMs: number
}

/** Our estimates of a field terminal's timings: an update installs for minutes, a reboot takes about two. */
export const RESTART_PLANS: Record<TerminalRestartKind, RestartPlan> = {
  'component update': { awayMs: 4 * 60_000, startingMs: 60_000 },
  'daily reboot': { awayMs: 90_000, startingMs: 30_000 },
  'client restart': { awayMs: 20_000, startingMs: 10_000 },
}

/** A refusal the terminal gives before it looks at a request, or undefined to serve it. */
export type RequestGate = (request: CardServiceRequest | ServiceRequest) => { overallResult: OverallResult; why: string } | undefined

/** What the restarts need of the terminal: going away and coming back, its logins, its request gates. */
export interface RestartableTerminal {
  goAway(): Promise<void>
  comeBack(): Promise<void>
  forgetLogins(): void
  readonly gates: RequestGate[]
}

/**
 * The terminal restarts by itself: it goes away (every connection cut, new ones refused, the running
 * request lost), forgets every Login, then starts again and answers DeviceUnavailable until it is up.
 * Scripted by a scenario's Given or from the bench's control channel; the machine must cope unaided.
 */
export class TerminalRestarts {
  /** Every restart so far, with when it went away and when it was up again. */
  readonly history: { kind: TerminalRestartKind; awayAtMs: number; backAtMs?: number; upAtMs?: number }[] = []
  private startingUntil?: number
  private running?: Promise<void>

  constructor(private readonly terminal: RestartableTerminal, private readonly clock: Clock) {
    terminal.gates.push(() => (this.starting ? { overallResult: 'DeviceUnavailable', why: 'the terminal is starting up' } : undefined))
  }

  get starting(): boolean {
    return this.startingUntil !== undefined && this.clock.now() < this.startingUntil
  }

  get restarting(): boolean {
    return this.running !== undefined
  }

  /** Someone works in the terminal's maintenance menu for `forMs`: every request is answered DeviceUnavailable. */
  maintenance(forMs: number): void {
    const until = this.clock.now() + forMs
    this.terminal.gates.push(() => (this.clock.now() < until ? { overallResult: 'DeviceUnavailable', why: 'the terminal is in its maintenance menu' } : undefined))
  }

  /** One restart at a time: asking again while it restarts changes nothing. */
  restart(kind: TerminalRestartKind, plan: RestartPlan = RESTART_PLANS[kind]): Promise<void> {
    this.running ??= this.run(kind, plan).finally(() => { this.running = undefined })
    return this.running
  }

  private async run(kind: TerminalRestartKind, plan: RestartPlan): Promise<void> {
    const entry: (typeof this.history)[number] = { kind, awayAtMs: this.clock.now() }
    this.history.push(entry)
    await this.terminal.goAway()
    this.terminal.forgetLogins()
    await sleep(this.clock, plan.awayMs)
    this.startingUntil = this.clock.now() + plan.startingMs
    await this.terminal.comeBack()
    entry.backAtMs = this.clock.now()
    await sleep(this.clock, plan.startingMs)
    entry.upAtMs = this.clock.now()
  }
}
