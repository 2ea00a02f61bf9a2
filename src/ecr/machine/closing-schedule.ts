import type { Clock, TimerHandle } from '../../clock/clock'
import type { ClosingOutcome } from './period-closing'

const DAY_MS = 24 * 60 * 60_000

export interface ClosingScheduleConfig {
  /** Minutes after midnight (UTC on the machine's clock) the period is closed each day. */
  atMinuteOfDay: number
  /** A closure that failed is tried again this long after. */
  retryAfterMs: number
}

/**
 * The machine closes the period itself once a day (CCV M3, the vending manual's "the machine starts
 * the closure"): at the configured time, or as soon as the sessions open at that time have ended,
 * never while one is open. A failure is reported and tried again; a day has exactly one closure.
 */
export class DailyClosingSchedule {
  private timer?: TimerHandle
  private due = false
  private running = false

  constructor(
    private readonly clock: Clock, private readonly config: ClosingScheduleConfig,
    private readonly machineIdle: () => boolean, private readonly closeNow: () => Promise<ClosingOutcome>,
    private readonly report: (outcome: ClosingOutcome) => void,
  ) {}

  start(): void {
    this.at(this.nextTime(this.clock.now()))
  }

  stop(): void {
    this.timer?.cancel()
  }

  /** A session ended: a closure that waited for it may go now. */
  sessionEnded(): Promise<void> {
    return this.tryNow()
  }

  private at(timeMs: number): void {
    this.timer?.cancel()
    this.timer = this.clock.setTimer(Math.max(0, timeMs - this.clock.now()), () => {
      this.due = true
      void this.tryNow()
    })
  }

  private async tryNow(): Promise<void> {
    if (!this.due || this.running || !this.machineIdle()) return
    this.running = true
    const outcome = await this.closeNow()
    this.running = false
    this.report(outcome)
    if (outcome.closed) {
      this.due = false
      this.at(this.nextTime(this.clock.now()))
    } else {
      this.at(this.clock.now() + this.config.retryAfterMs)
    }
  }

  /** The next configured time strictly after `nowMs`; after a late closure, tomorrow's. */
  private nextTime(nowMs: number): number {
    const today = Math.floor(nowMs / DAY_MS) * DAY_MS + this.config.atMinuteOfDay * 60_000
    return today > nowMs ? today : today + DAY_MS
  }
}
