import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { VirtualClock } from '../src/clock/virtual-clock'
import { TrafficMeter } from '../src/link/traffic-meter'
import { SimulatedCcvBackend } from '../src/softpos/api/ccv-backend'
import { DEFAULT_TEST_API_KEY, PaymentApiServer } from '../src/softpos/api/payment-api-server'
import { SimulatedPhone } from '../src/softpos/phone/softpos-app'
import { OrderStore } from '../src/softpos/pos/order-store'
import { PaymentApiClient } from '../src/softpos/pos/payment-api-client'
import { ReferencePosApp } from '../src/softpos/pos/reference-pos-app'
import { WebhookReceiver } from '../src/softpos/pos/webhook-receiver'

/**
 * One SoftPOS scenario's bench: CCV's simulated Payment API on a real loopback HTTP server, the
 * merchant's phone with the simulated CCV SoftPOS app, and the reference POS app with its SQLite file,
 * all on one virtual clock. HTTP is real I/O, so virtual time moves only once no request is in flight.
 */
export class SoftposRig {
  readonly clock = new VirtualClock()
  readonly meter = new TrafficMeter()
  readonly backend = new SimulatedCcvBackend(this.clock)
  readonly api = new PaymentApiServer({ backend: this.backend, clock: this.clock, meter: this.meter })
  readonly phone = new SimulatedPhone(this.backend, this.clock)
  /** Replaced when the POS app is started again: the old one is dead. */
  pos!: ReferencePosApp
  /** Virtual times at which a POS app process started, oldest first. */
  readonly posStartedAt: number[] = []
  /** Every POS app process so far, oldest first: what each showed is evidence. */
  readonly posApps: ReferencePosApp[] = []
  private receiver?: WebhookReceiver
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'ccv-softpos-pos-'))
  readonly storePath = join(this.storeDir, 'pos.db')
  private running = false

  static async create(): Promise<SoftposRig> {
    const rig = new SoftposRig()
    await rig.api.listen({ host: '127.0.0.1', port: 0 })
    return rig
  }

  get isPosRunning(): boolean {
    return this.running
  }

  /** Starts the POS app as Android would: a new process whose only memory is its database file. */
  async startPos(): Promise<void> {
    // Only the running process has a receiver: the one of a stopped process was closed with it.
    this.receiver = new WebhookReceiver((id) => this.pos.webhook(id))
    const webhookUrl = await this.receiver.listen()
    const pos = new ReferencePosApp({
      client: new PaymentApiClient(this.api.baseUrl, DEFAULT_TEST_API_KEY, this.meter), sdk: this.phone,
      store: new OrderStore(this.storePath), clock: this.clock, webhookUrl,
    })
    this.pos = pos
    this.posApps.push(pos)
    this.running = true
    this.posStartedAt.push(this.clock.now())
    await this.run('the POS app starting', () => pos.start())
  }

  /** Android force-stops the POS app: its process, its webhook receiver and its open database go. */
  forceStopPos(): void {
    if (!this.running) return
    this.running = false
    this.pos.stop()
    const receiver = this.receiver
    const closing = this.meter.begin()
    void receiver?.close().finally(closing)
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

  run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return driveUntilSettled(this.clock, work(), { what, settleIo: () => this.meter.settle() })
  }

  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs, () => this.meter.settle())
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.running = false
      this.pos.stop()
    }
    await this.receiver?.close()
    await this.api.close()
  }

  dispose(): void {
    rmSync(this.storeDir, { recursive: true, force: true })
  }
}
