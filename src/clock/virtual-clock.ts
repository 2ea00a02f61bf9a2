import type { Clock, TimerHandle } from './clock'

interface Timer {
  dueAt: number
  order: number
  callback: () => void
  cancelled: boolean
}

/** 2026-01-15 09:00:00 UTC: a fixed start, so timestamps in reports are the same on every run. */
export const VIRTUAL_EPOCH = Date.UTC(2026, 0, 15, 9, 0, 0)

/**
 * Time that moves only when told to. Timers fire in due order, ties in the order they were set, so a
 * simulation replays identically. Nothing here touches real timers.
 */
export class VirtualClock implements Clock {
  private current: number
  private nextOrder = 0
  private queue: Timer[] = []

  constructor(start = VIRTUAL_EPOCH) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: Timer = { dueAt: this.current + Math.max(0, delayMs), order: this.nextOrder++, callback, cancelled: false }
    // Keep the queue sorted; timers are few, so an ordered insert beats a heap in clarity.
    let i = this.queue.length
    while (i > 0 && this.isLater(this.queue[i - 1], timer)) i--
    this.queue.splice(i, 0, timer)
    return { cancel: () => { timer.cancelled = true } }
  }

  /** Due time of the earliest live timer, or undefined when nothing is scheduled. */
  nextDueAt(): number | undefined {
    this.dropCancelled()
    return this.queue[0]?.dueAt
  }

  /** Moves time to the earliest live timer and fires it. Returns false when nothing was scheduled. */
  fireNext(): boolean {
    this.dropCancelled()
    const timer = this.queue.shift()
    if (!timer) return false
    this.current = Math.max(this.current, timer.dueAt)
    timer.callback()
    return true
  }

  /** Moves time forward to `epochMs` without firing anything; callers fire due timers first. */
  advanceTo(epochMs: number): void {
    this.current = Math.max(this.current, epochMs)
  }

  private dropCancelled(): void {
    while (this.queue.length > 0 && this.queue[0].cancelled) this.queue.shift()
  }

  private isLater(a: Timer, b: Timer): boolean {
    return a.dueAt > b.dueAt || (a.dueAt === b.dueAt && a.order > b.order)
  }
}
