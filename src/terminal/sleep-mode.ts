import type { Clock } from '../clock/clock'
import type { RequestGate, RestartableTerminal } from './terminal-restarts'

export interface SleepModeSettings {
  /** Idle this long (no card request), the terminal sleeps. */
  sleepAfterIdleMs: number
  /** The first card request wakes it; until it is awake, card requests are answered DeviceUnavailable. */
  wakeUpMs: number
}

/**
 * A terminal that sleeps when idle (screen and reader off). Its OPI stack stays awake: status requests
 * are answered as usual and do not wake it. The first card request does, and is refused with
 * DeviceUnavailable while the terminal wakes: a machine that retries within a bound loses nothing.
 */
export class SleepMode {
  private lastCardRequestAt: number
  private awakeAt?: number
  readonly wakeUps: { atMs: number }[] = []

  constructor(terminal: Pick<RestartableTerminal, 'gates'>, private readonly clock: Clock, private readonly settings: SleepModeSettings) {
    this.lastCardRequestAt = clock.now()
    terminal.gates.push(this.gate)
  }

  get asleep(): boolean {
    return this.awakeAt === undefined && this.clock.now() - this.lastCardRequestAt >= this.settings.sleepAfterIdleMs
  }

  private readonly gate: RequestGate = (request) => {
    if (request.kind !== 'CardServiceRequest') return undefined
    const now = this.clock.now()
    if (this.awakeAt !== undefined && now >= this.awakeAt) {
      this.awakeAt = undefined
      this.lastCardRequestAt = now
    }
    if (this.awakeAt !== undefined) return { overallResult: 'DeviceUnavailable', why: 'the terminal is waking up' }
    if (this.asleep) {
      this.awakeAt = now + this.settings.wakeUpMs
      this.wakeUps.push({ atMs: now })
      return { overallResult: 'DeviceUnavailable', why: 'the terminal is waking up' }
    }
    this.lastCardRequestAt = now
    return undefined
  }
}
