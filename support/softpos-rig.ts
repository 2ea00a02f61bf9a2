import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { VirtualClock } from '../src/clock/virtual-clock'
import { TrafficMeter } from '../src/link/traffic-meter'
import { SimulatedCcvBackend } from '../src/softpos/api/ccv-backend'
import { PaymentApiServer } from '../src/softpos/api/payment-api-server'
import type { SimulatedPhone } from '../src/softpos/phone/softpos-app'
import type { OrderStore } from '../src/softpos/pos/order-store'
import type { ReferencePosApp } from '../src/softpos/pos/reference-pos-app'
import { MerchantDevice } from './softpos-device'

/**
 * One SoftPOS scenario's bench: CCV's simulated Payment API on a real loopback HTTP server and the
 * merchant's phones, each with the simulated CCV SoftPOS app and the reference POS app with its SQLite
 * file, all on one virtual clock. HTTP is real I/O, so virtual time moves only once no request is in flight.
 */
export class SoftposRig {
  readonly clock = new VirtualClock()
  readonly meter = new TrafficMeter()
  readonly backend = new SimulatedCcvBackend(this.clock)
  readonly api = new PaymentApiServer({ backend: this.backend, clock: this.clock, meter: this.meter })
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'ccv-softpos-pos-'))
  /** The phone the scenario is about, then any other phone of the merchant's. */
  readonly devices: MerchantDevice[] = []

  static async create(): Promise<SoftposRig> {
    const rig = new SoftposRig()
    await rig.api.listen({ host: '127.0.0.1', port: 0 })
    await rig.startPos(rig.addDevice())
    return rig
  }

  /** Another of the merchant's phones, with the SoftPOS app and the POS app installed. */
  addDevice(): MerchantDevice {
    const device = new MerchantDevice(`phone-${this.devices.length + 1}`, { backend: this.backend, clock: this.clock, meter: this.meter, apiBaseUrl: this.api.baseUrl, storeDir: this.storeDir })
    this.devices.push(device)
    return device
  }

  get device(): MerchantDevice {
    return this.devices[0]
  }

  get phone(): SimulatedPhone {
    return this.device.phone
  }

  get pos(): ReferencePosApp {
    return this.device.pos
  }

  async startPos(device = this.device): Promise<void> {
    const startUp = await device.launchPos()
    await this.run('the POS app starting', startUp)
  }

  readStore<T>(read: (store: OrderStore) => T): T {
    return this.device.readStore(read)
  }

  run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return driveUntilSettled(this.clock, work(), { what, settleIo: () => this.meter.settle() })
  }

  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs, () => this.meter.settle())
  }

  async stop(): Promise<void> {
    for (const device of this.devices) await device.switchOff()
    await this.api.close()
  }

  dispose(): void {
    rmSync(this.storeDir, { recursive: true, force: true })
  }
}
