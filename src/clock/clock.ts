/** A scheduled callback that can be called off before it fires. */
export interface TimerHandle {
  cancel(): void
}

/**
 * The only source of time for the integration and the simulated terminal. In simulation it is a
 * VirtualClock, so a two-minute PIN timeout costs nothing; on the bench it is wall time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  setTimer(delayMs: number, callback: () => void): TimerHandle
}

export function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(delayMs, resolve))
}

/** Thrown by `withTimeout` when the deadline passes first. */
export class TimeoutError extends Error {
  constructor(what: string, readonly afterMs: number) {
    super(`${what}: no answer within ${afterMs / 1000} s`)
    this.name = 'TimeoutError'
  }
}

/** Races `work` against a clock timer; the timer is cancelled as soon as the work settles. */
export function withTimeout<T>(clock: Clock, work: Promise<T>, afterMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimer(afterMs, () => reject(new TimeoutError(what, afterMs)))
    work.then(
      (value) => { timer.cancel(); resolve(value) },
      (error: unknown) => { timer.cancel(); reject(error instanceof Error ? error : new Error(String(error))) },
    )
  })
}

/** ISO-8601 local time without zone, the form OPI timestamps use (rendered in UTC for reproducibility). */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19)
}
