import type { VendingMechanism } from '../src/ecr/machine/delivery-points'
import type { SimulatedVendingMachine } from '../src/ecr/machine/simulated-devices'

/**
 * The vending mechanism as the environment can break it, beside the simulated mechanism: a slot that
 * jams drops nothing and says so; a slot that hangs never reports back at all (a motor stalled without
 * a sensor), so only the machine's own vend time limit can end the wait.
 */
export class VendingFaults implements VendingMechanism {
  private readonly hung = new Set<string>()

  constructor(private readonly mechanism: SimulatedVendingMachine) {}

  jam(slot: string): void {
    this.mechanism.jammed.add(slot.toUpperCase())
  }

  hang(slot: string): void {
    this.hung.add(slot.toUpperCase())
  }

  vend(slot: string, quantity: number): Promise<boolean> {
    if (this.hung.has(slot.toUpperCase())) return new Promise<boolean>(() => undefined)
    return this.mechanism.vend(slot, quantity)
  }
}
