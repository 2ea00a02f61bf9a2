import type { Clock, TimerHandle } from '../../clock/clock'
import { money, type Money } from '../../opi/money'
import type { DeliveryEvents, MeteredDeliveryPoint, VendingMechanism } from './delivery-points'

/** What the next customer at a charger or pump does: the environment, set by a scenario's Given. */
export interface DeviceUse {
  /** After the release, how long until the car draws power or the fuel flows; undefined: never. */
  startsAfterMs?: number
  /** Value delivered per minute while running (the car's power times the tariff, the pump's flow times the price). */
  valuePerMinute: Money
  /** How long the customer takes before stopping by themselves; undefined: until something stops them. */
  stopsAfterMs?: number
}

/** One release of a device, as its own meter saw it: the independent record of what was delivered. */
export interface DeviceRun {
  preset: Money
  releasedAtMs: number
  startedAtMs?: number
  endedAtMs?: number
  delivered: Money
}

/**
 * A charger or pump in virtual time. It meters continuously, stops by itself at the preset, and
 * otherwise runs until the customer stops or the controller locks it: a 30-minute charge costs a few
 * timers, not 30 minutes.
 */
export class SimulatedMeteredDevice implements MeteredDeliveryPoint {
  inService = true
  readonly runs: DeviceRun[] = []
  private nextUse?: DeviceUse
  private readonly startListeners: (() => void)[] = []
  private current?: { run: DeviceRun; use?: DeviceUse; timers: TimerHandle[] }

  constructor(readonly id: string, readonly kind: 'charger' | 'pump', private readonly clock: Clock) {}

  /** The next customer here will do this. */
  willBeUsed(use: DeviceUse): void {
    this.nextUse = use
  }

  /** For the environment: things that happen a while after delivery starts (the driver presses Stop). */
  onStart(listener: () => void): void {
    this.startListeners.push(listener)
  }

  get delivering(): boolean {
    return this.current?.run.startedAtMs !== undefined && this.current.run.endedAtMs === undefined
  }

  release(preset: Money, events: DeliveryEvents): void {
    if (this.current) throw new Error(`${this.kind} ${this.id} is released twice without a lock in between`)
    const run: DeviceRun = { preset, releasedAtMs: this.clock.now(), delivered: money(0, preset.currency) }
    this.runs.push(run)
    const use = this.nextUse
    this.nextUse = undefined
    const timers: TimerHandle[] = []
    this.current = { run, use, timers }
    if (!use || use.startsAfterMs === undefined) return
    timers.push(this.clock.setTimer(use.startsAfterMs, () => {
      run.startedAtMs = this.clock.now()
      events.started()
      for (const listener of this.startListeners) listener()
      const perMinute = use.valuePerMinute.minor
      if (perMinute > 0) timers.push(this.clock.setTimer(Math.ceil((preset.minor * 60_000) / perMinute), () => this.end(events, 'preset reached')))
      if (use.stopsAfterMs !== undefined) timers.push(this.clock.setTimer(use.stopsAfterMs, () => this.end(events, 'customer stopped')))
    }))
  }

  reading(): Money {
    this.meter()
    return this.current?.run.delivered ?? money(0)
  }

  lock(): Money {
    const current = this.current
    if (!current) return money(0)
    this.meter()
    current.run.endedAtMs ??= this.clock.now()
    for (const timer of current.timers) timer.cancel()
    this.current = undefined
    return current.run.delivered
  }

  private end(events: DeliveryEvents, why: 'preset reached' | 'customer stopped'): void {
    const current = this.current
    if (!current || current.run.endedAtMs !== undefined) return
    this.meter()
    current.run.endedAtMs = this.clock.now()
    for (const timer of current.timers) timer.cancel()
    events.ended(current.run.delivered, why)
  }

  /** The meter: value so far, never past the preset (the device's own hard stop). */
  private meter(): void {
    const current = this.current
    if (!current?.use || current.run.startedAtMs === undefined || current.run.endedAtMs !== undefined) return
    const elapsed = this.clock.now() - current.run.startedAtMs
    const value = Math.floor((current.use.valuePerMinute.minor * elapsed) / 60_000)
    current.run.delivered = money(Math.min(value, current.run.preset.minor), current.run.preset.currency)
  }
}

export interface VendedItem {
  slot: string
  quantity: number
  atMs: number
}

/** A vending mechanism in virtual time: a few seconds per drop; an empty or jammed slot drops nothing. */
export class SimulatedVendingMachine implements VendingMechanism {
  readonly vended: VendedItem[] = []
  readonly jammed = new Set<string>()
  private readonly stock = new Map<string, number>()

  constructor(private readonly clock: Clock, private readonly secondsPerItem = 3) {}

  fill(slot: string, quantity: number): void {
    this.stock.set(slot.toUpperCase(), quantity)
  }

  vend(slot: string, quantity: number): Promise<boolean> {
    const key = slot.toUpperCase()
    return new Promise((resolve) => this.clock.setTimer(this.secondsPerItem * 1000 * quantity, () => {
      const available = this.stock.get(key) ?? 0
      if (this.jammed.has(key) || available < quantity) return resolve(false)
      this.stock.set(key, available - quantity)
      this.vended.push({ slot: key, quantity, atMs: this.clock.now() })
      resolve(true)
    }))
  }
}
