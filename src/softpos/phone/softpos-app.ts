import type { Clock } from '../../clock/clock'
import { describeMoney } from '../../opi/money'
import type { PhoneInstallation, SimulatedCcvBackend, TappedCard } from '../api/ccv-backend'
import {
  ACTIVATION_PAYLOAD_INVALID, APP_BUSY_WITH_PREVIOUS_REQUEST, NETWORK_ERROR, SOFTPOS_NOT_INSTALLED, TERMINAL_NOT_INSTALLED, type SoftposFailure,
} from '../failure-codes'

/** What `SoftPosService.installTerminal` calls back with. */
export type InstallResult = { kind: 'TerminalInstalled'; terminalId: string } | { kind: 'TerminalNotInstalled'; failure: SoftposFailure }

/** `isReadyForTransaction`: the app answers from what it holds, without a web call. */
export type Readiness = { ready: true; terminalId: string } | { ready: false; failure: SoftposFailure }

/**
 * How a hand-over to the SoftPOS app ends: it gives control back (the payment ended or the user closed
 * it, which says nothing about the status) or it refuses to start. A killed app never calls back.
 */
export type HandoverResult = { kind: 'returned' } | { kind: 'refused'; failure: SoftposFailure }

export type PhoneScreen = 'home' | 'card prompt' | 'processing' | 'result'

/** Something the phone did or showed, on the virtual clock: evidence for the report. */
export interface PhoneEvent {
  atMs: number
  what: string
}

export interface PhoneTimings {
  /** How long installTerminal takes on the phone. */
  installMs: number
  /** How long the app shows the result before it hands control back. */
  resultShownMs: number
  /** Assumption: after being closed, the app needs this long to report the cancellation to CCV. */
  cancelReportMs: number
  /** Assumption: and stays busy with the previous request this long (answering 11012 meanwhile). */
  busyAfterCloseMs: number
}

export const DEFAULT_PHONE_TIMINGS: PhoneTimings = { installMs: 2_000, resultShownMs: 1_000, cancelReportMs: 3_000, busyAfterCloseMs: 5_000 }

interface RunningPayment {
  reference: string
  handBack: (result: HandoverResult) => void
}

/**
 * The merchant's Android phone with the CCV SoftPOS app: whether the app is installed, which terminal it
 * holds, whether it is busy, and what the user and the cardholder do to it. The POS app reaches it only
 * through the SDK calls (installTerminal, isReadyForTransaction, startPayment).
 */
export class SimulatedPhone {
  private appInstalled = true
  private online = true
  private installed?: PhoneInstallation
  private running?: RunningPayment
  private busyUntilMs = 0
  private screenNow: PhoneScreen = 'home'
  private readonly cardPromptWatchers: ((reference: string) => void)[] = []
  private readonly installWatchers: (() => void)[] = []
  readonly events: PhoneEvent[] = []

  constructor(private readonly backend: SimulatedCcvBackend, private readonly clock: Clock, private readonly timings: PhoneTimings = DEFAULT_PHONE_TIMINGS) {}

  get screen(): PhoneScreen {
    return this.screenNow
  }

  get hasApp(): boolean {
    return this.appInstalled
  }

  get installedTerminal(): string | undefined {
    return this.installed?.terminalId
  }

  /** Called each time the app asks for a card; the cardholder and the user watch for it. */
  onCardPrompt(watcher: (reference: string) => void): void {
    this.cardPromptWatchers.push(watcher)
  }

  /** Called each time the app starts installing a terminal. */
  onInstallStarted(watcher: () => void): void {
    this.installWatchers.push(watcher)
  }

  // ---- the SDK, as the POS app calls it

  installTerminal(payload: string): Promise<InstallResult> {
    return new Promise((resolve) => {
      if (!this.appInstalled) return resolve({ kind: 'TerminalNotInstalled', failure: SOFTPOS_NOT_INSTALLED })
      this.note('installing a terminal')
      for (const watcher of this.installWatchers) watcher()
      this.clock.setTimer(this.timings.installMs, () => {
        if (!this.online) return resolve(this.notInstalled(NETWORK_ERROR))
        const installation = this.backend.activate(payload)
        if (!installation) return resolve(this.notInstalled(ACTIVATION_PAYLOAD_INVALID))
        this.installed = installation
        this.note(`terminal ${installation.terminalId} installed`)
        resolve({ kind: 'TerminalInstalled', terminalId: installation.terminalId })
      })
    })
  }

  isReadyForTransaction(): Readiness {
    if (!this.appInstalled) return { ready: false, failure: SOFTPOS_NOT_INSTALLED }
    if (!this.installed) return { ready: false, failure: TERMINAL_NOT_INSTALLED }
    return { ready: true, terminalId: this.installed.terminalId }
  }

  /** Hands the payment with this reference to the SoftPOS app; resolves when the app hands control back. */
  startPayment(reference: string): Promise<HandoverResult> {
    return new Promise((resolve) => {
      if (!this.appInstalled) return resolve({ kind: 'refused', failure: SOFTPOS_NOT_INSTALLED })
      if (this.running || this.clock.now() < this.busyUntilMs) return resolve(this.refused(APP_BUSY_WITH_PREVIOUS_REQUEST, reference))
      if (!this.installed) return resolve(this.refused(TERMINAL_NOT_INSTALLED, reference))
      if (!this.online) return resolve(this.refused(NETWORK_ERROR, reference))
      const taken = this.backend.pickUp(reference, this.installed)
      if (taken === 'not-installed') return resolve(this.refused(TERMINAL_NOT_INSTALLED, reference))
      if (taken === 'not-payable') return resolve(this.refused({ name: 'PAYMENT_NOT_PAYABLE', reason: `payment ${reference} is not waiting for a card on this terminal` }, reference))
      this.running = { reference, handBack: resolve }
      this.show('card prompt', `asks for a card: ${describeMoney(taken.amount)} (payment ${reference})`)
      for (const watcher of this.cardPromptWatchers) watcher(reference)
    })
  }

  // ---- the cardholder

  tap(card: TappedCard): void {
    const running = this.running
    if (!running || this.screenNow !== 'card prompt') {
      this.note(`a card was held to the phone (${card.label}), but the app was not asking for one`)
      return
    }
    this.show('processing', `card tapped (${card.label}); waiting for the host`)
    this.backend.authorise(running.reference, card, (status) => {
      if (this.running !== running) return
      this.show('result', `shows the result: ${status}`)
      this.clock.setTimer(this.timings.resultShownMs, () => this.handBack(running, { kind: 'returned' }))
    })
  }

  // ---- what the merchant does to the phone

  /** Back or swipe away while the app shows the card prompt. */
  closeApp(): void {
    const running = this.running
    this.note('the user closed the SoftPOS app')
    if (!running) return
    this.busyUntilMs = this.clock.now() + this.timings.busyAfterCloseMs
    this.clock.setTimer(this.timings.cancelReportMs, () => this.backend.cancel(running.reference))
    this.handBack(running, { kind: 'returned' })
  }

  /** Android kills the app's process: no callback reaches the POS app. */
  killApp(): void {
    this.note('the SoftPOS app\'s process was killed')
    if (this.running) this.backend.appLost(this.running.reference)
    this.running = undefined
    this.screenNow = 'home'
  }

  clearAppData(): void {
    this.killApp()
    this.installed = undefined
    this.note('the SoftPOS app\'s data was cleared in Android settings')
  }

  uninstallApp(): void {
    this.killApp()
    this.appInstalled = false
    this.installed = undefined
    this.note('the CCV SoftPOS app was uninstalled')
  }

  installApp(): void {
    this.appInstalled = true
    this.note('the CCV SoftPOS app was installed from the Play Store')
  }

  setOnline(online: boolean): void {
    this.online = online
    this.note(online ? 'the phone is online again' : 'the phone lost its internet connection')
  }

  // ----

  private handBack(running: RunningPayment, result: HandoverResult): void {
    if (this.running !== running) return
    this.running = undefined
    this.show('home', 'hands control back to the POS app')
    running.handBack(result)
  }

  private refused(failure: SoftposFailure, reference: string): HandoverResult {
    this.note(`refused payment ${reference}: ${failure.name}`)
    return { kind: 'refused', failure }
  }

  private notInstalled(failure: SoftposFailure): InstallResult {
    this.note(`installation failed: ${failure.name}`)
    return { kind: 'TerminalNotInstalled', failure }
  }

  private show(screen: PhoneScreen, what: string): void {
    this.screenNow = screen
    this.note(what)
  }

  private note(what: string): void {
    this.events.push({ atMs: this.clock.now(), what })
  }
}
