import type { Money } from '../../opi/money'

/** Why a metered delivery ended on the device's side. */
export type DeliveryEnd = 'customer stopped' | 'preset reached'

export interface DeliveryEvents {
  /** The customer started taking (plugged in and the car draws, nozzle lifted and fuel flows). */
  started(): void
  /** The device stopped by itself; `delivered` is its meter reading. */
  ended(delivered: Money, why: DeliveryEnd): void
}

/**
 * A charger or pump the machine controller unlocks for one session. The controller sets the preset
 * (the most the device may deliver) and reads the meter; the device itself only meters.
 */
export interface MeteredDeliveryPoint {
  /** What the cardholder types to choose it: "2". */
  readonly id: string
  readonly kind: 'charger' | 'pump'
  readonly inService: boolean
  /** Lets the customer take up to `preset` until `lock()`. */
  release(preset: Money, events: DeliveryEvents): void
  /** Stops delivery (or withdraws the release) at once and returns the meter reading. */
  lock(): Money
  /** The meter now, while delivering, without stopping: what the machine persists as it grows. */
  reading?(): Money
}

/** The vending mechanism: drops `quantity` of the product in `slot`; false when it could not. */
export interface VendingMechanism {
  vend(slot: string, quantity: number): Promise<boolean>
}
