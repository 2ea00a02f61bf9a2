import type { Clock, TimerHandle } from './clock'

/** Wall time, for runs against a real terminal. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now()
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = setTimeout(callback, delayMs)
    return { cancel: () => clearTimeout(id) }
  }
}
