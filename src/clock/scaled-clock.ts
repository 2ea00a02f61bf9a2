import type { Clock, TimerHandle } from './clock'

/**
 * Wall time running `speed` times faster, for the simulated bench only: the simulated terminal's process
 * and the register each keep one, from the same `origin`, so they agree on what time it is. A five-minute
 * cable pull takes ten seconds at speed 30, yet every timer still fires on the wall clock, in the order
 * and at the distances the scenario sets out; nothing jumps. A real terminal keeps real time (speed 1).
 */
export class ScaledClock implements Clock {
  constructor(readonly speed: number, readonly origin: number = Date.now()) {
    if (!(speed >= 1 && speed <= 1000)) throw new Error(`a bench clock runs from 1 to 1000 times as fast as the wall clock, not ${speed}`)
  }

  now(): number {
    return Math.round(this.origin + (Date.now() - this.origin) * this.speed)
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = setTimeout(callback, Math.max(0, delayMs) / this.speed)
    return { cancel: () => clearTimeout(id) }
  }
}
