import { sleep, withTimeout, type Clock } from '../src/clock/clock'
import { DriverClient } from '../src/integration/driver-client'
import { DriverIntegration } from '../src/integration/driver-integration'
import type { IntegrationUnderTest } from '../src/integration/integration-under-test'
import { PersonOperatedIntegration } from '../src/integration/person-operated-integration'
import type { PosConfig } from '../src/integration/pos-config'
import { ConversationLog } from '../src/opi/conversation-log'
import { CaseNotRun } from '../src/operator/not-run'
import { PromptDesk } from '../src/operator/prompts'
import { ScriptedPosPerson } from '../src/operator/scripted-pos-person'
import { recordInto } from '../src/proxy/witness-log'
import { BackOfficeRecords, BenchEnvironment } from './bench-environment'
import type { Bench } from './bench'
import type { HostRecords } from './environment'
import { PosProcess } from './pos-process'
import type { FaultyRegister, SecondLane } from './simulated-rig'
import type { StoredBeforeConfirmedWitness } from './stored-before-confirmed'
import type { LineNoiseControl } from './line-noise-control'

/** After a prompt was not carried out: how long the POS may take to abort and settle the payment. */
const SETTLE_AFTER_REFUSAL_MS = 30_000

/** What the driver contract cannot express, in one sentence each: the reason a case is not run. */
const CONTRACT_CANNOT = {
  cashier: 'the register\'s questions to the cashier (check signature, check identification) are answered by the POS itself: the driver contract has no way to script the cashier\'s answer',
  lane: 'a second register at the same terminal is a second reference ECR in process; the pos profile runs only the POS under test',
  faulty: 'the misbehaving register of this case is a simulated stand-in; the pos profile runs only the POS under test',
}

/**
 * One scenario against an integrator's POS: the POS in its own process, driven through the driver
 * contract (`DriverIntegration`), talking OPI over TCP through the recording witness to the simulated
 * terminal process of the run's bench, on wall-clock time. The wire log is the witness's; the
 * environment is the bench's scripted operator; money moved is read from the terminal's host.
 */
export class PosRig {
  readonly log: ConversationLog
  readonly clock: Clock
  /** The witness and the POS stamp one instant a few milliseconds apart on the wall clock. */
  readonly timingPrecisionMs = 50
  readonly desk: PromptDesk
  readonly environment: BenchEnvironment
  readonly hostRecords: HostRecords
  readonly testCards: string
  /** Noise on the register's line, put on by the witness in it; a serial line has no witness in it to do so. */
  get lineNoise(): LineNoiseControl | undefined { return this.bench.route.kind === 'tcp' ? this.bench.route.proxy.noiseTowardsRegister : undefined }
  /** The POS's driver: the integration itself in `pos`, the scripted person's hands and eyes in `pos-manual`. */
  private readonly driver: DriverIntegration
  readonly responseTimeoutMs: number
  private readonly operationTimeoutMs: number
  private readonly stopWitnessing: (() => void)[] = []
  private readonly screenListeners: ((lines: string[]) => void)[] = []

  /** `manual`: the POS is operated through prompts (a person; in CI a scripted person at its driver), not driven by the suite. */
  static async create(bench: Bench, config: PosConfig, mode: 'driver' | 'manual' = 'driver'): Promise<PosRig> {
    if (bench.route.kind !== 'tcp') throw new Error('the pos profile reaches the terminal over TCP through the witness; its bench config names a serial line')
    const pos = await PosProcess.start(config, bench.route.endpoints.channel0)
    // The witness forwards the terminal's device requests to the POS of the running scenario.
    bench.ecrDevices = pos.devices
    const rig = new PosRig(bench, config, pos)
    if (mode === 'manual') {
      const { pos: product } = await rig.driverClient.version()
      rig.manual = new PersonOperatedIntegration(rig.posDesk(), {
        pos: `${product.name} ${product.version}`, terminalSide: (listener) => bench.witness.onRecord(listener), clock: rig.clock, answerWithinMs: config.operationTimeoutMs,
      })
    }
    return rig
  }

  private manual?: PersonOperatedIntegration
  private readonly driverClient: DriverClient

  private constructor(private readonly bench: Bench, config: PosConfig, readonly pos: PosProcess) {
    const { config: benchConfig } = bench
    this.clock = bench.clock
    this.testCards = bench.cards.describe()
    this.responseTimeoutMs = config.responseTimeoutMs
    this.operationTimeoutMs = config.operationTimeoutMs
    this.log = new ConversationLog(this.clock)
    this.desk = new PromptDesk(bench.operator, this.clock, benchConfig.promptTimeoutsMs)
    this.environment = new BenchEnvironment(this.desk, bench.cards, {
      'present card': new RegExp(benchConfig.screens['present card'], 'i'), 'enter PIN': new RegExp(benchConfig.screens['enter PIN'], 'i'), 'remove card': new RegExp(benchConfig.screens['remove card'], 'i'), authorising: new RegExp(benchConfig.screens.authorising, 'i'),
    }, () => this.witnessFollowsPowerOff(), (durationMs) => this.mayPullCableFor(durationMs))
    this.hostRecords = new BackOfficeRecords(this.desk)
    this.stopWitnessing.push(recordInto(this.log, (listener) => bench.witness.onRecord(listener)))
    this.stopWitnessing.push(bench.witness.onRecord((record) => this.environment.witnessed(record)))
    this.stopWitnessing.push(bench.witness.onRecord((record) => {
      const message = record.message
      if (record.from !== 'terminal' || message?.kind !== 'DeviceRequest') return
      for (const output of message.outputs.filter((o) => o.target === 'CashierDisplay')) {
        for (const listener of this.screenListeners) listener(output.textLines.map((l) => l.text))
      }
    }))
    this.driverClient = new DriverClient({ baseUrl: pos.driverUrl, timeoutMs: config.callTimeoutMs })
    this.driver = new DriverIntegration(this.driverClient, { operationTimeoutMs: config.operationTimeoutMs })
  }

  get integration(): IntegrationUnderTest {
    return this.manual ?? this.driver
  }

  /**
   * Who operates the POS in manual mode: the person at the bench's console answers both the terminal's
   * and the POS's prompts in one queue; with a scripted operator at the terminal, a scripted person at the
   * POS sits alongside, with its own queue, as two people would.
   */
  private posDesk(): PromptDesk {
    return this.bench.config.operator.kind === 'console' ? this.desk : this.desk.alongside(new ScriptedPosPerson(this.driverClient))
  }

  /** The POS's screen cannot be watched as it changes: the cashier reacts to the terminal's message for it, as the witness sees it go to the POS. */
  onCashierScreen(listener: (lines: string[]) => void): void {
    this.screenListeners.push(listener)
  }

  get terminal(): never {
    throw new CaseNotRun('this step reads the simulated terminal\'s own state (faults, screen, host ledger, settings), which the pos profile reaches only over the wire, as a real terminal')
  }

  get journalWrites(): StoredBeforeConfirmedWitness {
    throw new CaseNotRun('this step reads the register\'s own database file at the moment of each confirmation; a POS keeps its store to itself, so the pos profile reads only what its driver reports')
  }

  get cardholder(): never {
    throw new CaseNotRun('this step scripts the simulated cardholder directly instead of through the environment')
  }

  get cashier(): never {
    throw new CaseNotRun(CONTRACT_CANNOT.cashier)
  }

  addSecondLane(): Promise<SecondLane> {
    return Promise.reject(new CaseNotRun(CONTRACT_CANNOT.lane))
  }

  addFaultyRegister(): Promise<FaultyRegister> {
    return Promise.reject(new CaseNotRun(CONTRACT_CANNOT.faulty))
  }

  async start(): Promise<void> {
    await this.bench.operator.scenarioStarts?.()
    // The terminal is on again after the tidy-up: so is the witness's port, if a switched-off terminal closed it.
    if (this.bench.route.kind === 'tcp') await this.bench.route.proxy.standUp()
    await this.run('the POS starting up', () => this.integration.start())
  }

  async stop(): Promise<void> {
    this.desk.close()
    for (const stop of this.stopWitnessing.splice(0)) stop()
    await this.pos.stop()
  }

  /** The POS keeps its journal in its own temporary directory; it is its business to remove it. */
  dispose(): void {}

  /** Wall-clock work, bounded by the POS's operation timeout and by the first prompt the operator did not carry out. */
  async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    const running = work()
    try {
      return await withTimeout(this.clock, Promise.race([running, this.environment.refusal]), this.responseTimeoutMs + 60_000, what)
    } catch (error) {
      if (error instanceof CaseNotRun) await this.settleAfterRefusal(running)
      throw error
    }
  }

  untilLinkIsBack(): Promise<void> {
    return this.run('the link coming back', () => this.environment.linkIsBack())
  }

  /** The switched-off terminal refuses the POS: the witness stops taking its connections (see RealRig). */
  private async witnessFollowsPowerOff(): Promise<void> {
    const { route } = this.bench
    if (route.kind !== 'tcp' || !await route.proxy.standDown()) throw new CaseNotRun('the operator switched the terminal off, but it still takes connections: the case needs it off')
  }

  untilTerminalAuthorises(): Promise<void> {
    return this.environment.moment('authorising')
  }

  async wait(durationMs: number): Promise<void> {
    this.mayWait(durationMs)
    await sleep(this.clock, durationMs)
  }

  mayWait(durationMs: number): void {
    if (durationMs > this.bench.config.maxWaitMs) throw new CaseNotRun(`the scenario lets ${durationMs / 1000} s pass; the POS cannot follow the virtual clock, and the pos profile waits at most ${this.bench.config.maxWaitMs / 1000} s on the wall clock (maxWaitSeconds)`)
  }

  /** Said before the operator is asked to pull the cable, not after a POS operation ran out of time waiting for it. */
  private mayPullCableFor(durationMs: number): void {
    if (durationMs > this.operationTimeoutMs) throw new CaseNotRun(`the cable stays out for ${durationMs / 1000} s; the pos profile gives one POS operation at most ${this.operationTimeoutMs / 1000} s on the wall clock (operationTimeoutSeconds), so the POS would be cut off before the link is back`)
  }

  private async settleAfterRefusal(running: Promise<unknown>): Promise<void> {
    // The suite tidies up through the driver, never with more prompts for a tester who just said no.
    const state = await this.driver.state().catch(() => undefined)
    if (state?.paymentRunning) await this.driver.pressAbort().catch(() => undefined)
    await withTimeout(this.clock, running, SETTLE_AFTER_REFUSAL_MS, 'the payment after an operator refusal').catch(() => undefined)
  }
}
