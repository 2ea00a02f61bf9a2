import { join } from 'node:path'
import type { Clock } from '../src/clock/clock'
import type { TrafficMeter } from '../src/link/traffic-meter'
import type { SimulatedCcvBackend } from '../src/softpos/api/ccv-backend'
import { DEFAULT_TEST_API_KEY } from '../src/softpos/api/payment-api-server'
import { SimulatedPhone } from '../src/softpos/phone/softpos-app'
import { OrderStore } from '../src/softpos/pos/order-store'
import { PaymentApiClient } from '../src/softpos/pos/payment-api-client'
import { ReferencePosApp } from '../src/softpos/pos/reference-pos-app'
import { WebhookReceiver } from '../src/softpos/pos/webhook-receiver'

export interface DeviceWiring {
  backend: SimulatedCcvBackend
  clock: Clock
  meter: TrafficMeter
  apiBaseUrl: string
  storeDir: string
}

/**
 * One of the merchant's Android phones: the CCV SoftPOS app on it and the POS app, whose processes come
 * and go while its database file stays.
 */
export class MerchantDevice {
  readonly phone: SimulatedPhone
  readonly storePath: string
  /** Replaced when the POS app is started again: the old one is dead. */
  pos!: ReferencePosApp
  /** Every POS app process so far, oldest first: what each showed is evidence. */
  readonly posApps: ReferencePosApp[] = []
  /** Virtual times at which a POS app process started, oldest first. */
  readonly posStartedAt: number[] = []
  private receiver?: WebhookReceiver
  private running = false

  constructor(readonly deviceId: string, private readonly wiring: DeviceWiring) {
    this.phone = new SimulatedPhone(wiring.backend, wiring.clock)
    this.storePath = join(wiring.storeDir, `${deviceId}.db`)
  }

  get isPosRunning(): boolean {
    return this.running
  }

  /** Starts the POS app as Android would: a new process whose only memory is its database file. Returns its start-up. */
  async launchPos(): Promise<() => Promise<void>> {
    // Only the running process has a receiver: the one of a stopped process was closed with it.
    this.receiver = new WebhookReceiver((id) => this.pos.webhook(id))
    const webhookUrl = await this.receiver.listen()
    const { clock, meter, apiBaseUrl } = this.wiring
    const pos = new ReferencePosApp({
      client: new PaymentApiClient(apiBaseUrl, DEFAULT_TEST_API_KEY, meter), sdk: this.phone,
      store: new OrderStore(this.storePath), clock, webhookUrl, deviceId: this.deviceId,
    })
    this.pos = pos
    this.posApps.push(pos)
    this.running = true
    this.posStartedAt.push(clock.now())
    return () => pos.start()
  }

  /** Android force-stops the POS app: its process, its webhook receiver and its open database go. */
  forceStopPos(): void {
    if (!this.running) return
    this.running = false
    this.pos.stop()
    const closing = this.wiring.meter.begin()
    void this.receiver?.close().finally(closing)
  }

  /** The POS app's database as a fresh process reads it. */
  readStore<T>(read: (store: OrderStore) => T): T {
    const store = new OrderStore(this.storePath)
    try {
      return read(store)
    } finally {
      store.close()
    }
  }

  async switchOff(): Promise<void> {
    if (this.running) {
      this.running = false
      this.pos.stop()
    }
    await this.receiver?.close()
  }
}
