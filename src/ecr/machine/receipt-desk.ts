import type { Clock } from '../../clock/clock'
import { describeMoney } from '../../opi/money'
import type { Journal } from '../peripherals/journal'
import type { ReceiptPrinter } from '../peripherals/printer'
import type { EReceiptChannel } from './e-receipts'
import type { MachinePhrase } from './machine-texts'
import type { MachinePanel } from './machine-panel'
import type { ReceiptLookup, SqliteReceiptStore, StoredReceipt } from './receipt-store'
import type { SessionRecord } from './sessions'

export interface ReceiptDeskConfig {
  /** After a paid session the cardholder may ask for the receipt by e-mail (needs a channel). */
  offerEReceipt: boolean
  /** How long after the end of a session its cardholder may press Reprint. */
  reprintWindowMs: number
  /** How long the cardholder has to type an e-mail address. */
  entryTimeoutMs: number
  /** Slips for sessions that took no money: printed by the machine, or none. */
  declinedSlip: 'print' | 'none'
  cancelledSlip: 'print' | 'none'
}

/** Something the operator must see (machine status, telemetry): paper low, an e-receipt that failed. */
export interface OperatorNotice {
  atMs: number
  what: string
  requestId?: string
  reason?: string
}

type Say = (language: string, phrase: MachinePhrase, ...more: string[]) => void

const COPY_MARK = '*** COPY ***'

/**
 * The machine's receipts after the sale: it keeps each paid session's ticket (as the terminal sent
 * it) so the cardholder can get it later by card or tracking token, tells them how, sends e-receipts,
 * reprints a marked copy for the same cardholder only, and prints slips for sessions that took no money.
 */
export class ReceiptDesk {
  readonly notices: OperatorNotice[] = []
  private readonly outbox: Promise<void>[] = []
  private lastReceipt?: { receipt: StoredReceipt; untilMs: number }

  constructor(
    private readonly store: SqliteReceiptStore, private readonly channel: EReceiptChannel | undefined,
    private readonly deps: { clock: Clock; journal: Journal; printer: ReceiptPrinter; panel: MachinePanel; say: Say; config: ReceiptDeskConfig },
  ) {}

  /** A new cardholder is at the screen: the previous one's ticket is no longer theirs to reprint. */
  newCardholder(): void {
    this.lastReceipt = undefined
    if (this.deps.printer.state === 'PaperLow' && !this.notices.some((n) => n.what === 'printer paper low')) this.notify({ what: 'printer paper low' })
  }

  /** Before the payment: with no paper, the cardholder hears it now and may still cancel. */
  beforePayment(language: string): void {
    if (this.deps.printer.state === 'PaperEmpty') this.deps.say(language, 'no paper', this.deps.config.offerEReceipt && this.channel ? 'e-mail / code' : 'code')
  }

  /** After a paid session: keep the ticket, say how to get it, and offer an e-receipt when the screen is still this cardholder's. */
  async afterPaid(session: SessionRecord, atScreen: boolean): Promise<void> {
    const requestId = session.completionRequestIds.at(-1) ?? session.authorisation?.requestId
    if (!requestId) return
    const lines = this.ticketOf(requestId)
    if (lines.length === 0) return
    const receipt = this.store.keep({ sessionId: session.id, requestId, lines, storedAtMs: this.deps.clock.now(), cardToken: session.authorisation?.cardToken })
    const printed = this.deps.printer.printed.some((r) => r.requestId === requestId && r.lines.some((l) => l.startsWith('Terminal')))
    this.deps.say(session.language, printed ? 'receipt printed' : 'receipt not printed')
    this.deps.say(session.language, 'receipt later', `QR ${receipt.trackingToken}`)
    this.lastReceipt = { receipt, untilMs: this.deps.clock.now() + this.deps.config.reprintWindowMs }
    if (!atScreen || !this.deps.config.offerEReceipt || !this.channel) return
    this.deps.say(session.language, 'e-receipt offer')
    const address = await this.deps.panel.ask('e-mail address', this.deps.config.entryTimeoutMs).catch(() => '')
    if (address.includes('@')) this.outbox.push(this.sendEReceipt(session, receipt, address.trim()))
  }

  /** A session that took no money: the slip says so, with no approval code, as configured. */
  afterUnpaid(session: SessionRecord): void {
    const slip = session.state === 'declined' ? this.deps.config.declinedSlip : session.state === 'cancelled' && session.authorisation ? this.deps.config.cancelledSlip : 'none'
    if (slip === 'none') return
    const mark = session.state === 'declined' ? 'DECLINED' : 'CANCELLED'
    this.deps.printer.print([mark, `Session ${session.id}`, `Amount ${describeMoney(session.requested ?? { minor: 0, currency: 'EUR' })}`, 'Nothing charged'], session.authorisation?.requestId)
  }

  /** Reprint before the session screen closes: a marked copy, no new transaction. */
  reprint(language: string): void {
    const last = this.lastReceipt
    if (!last || this.deps.clock.now() > last.untilMs) return this.deps.say(language, 'no receipt')
    this.printCopy(last.receipt, language)
  }

  giveByCard(cardToken: string | undefined, language: string): void {
    this.give(cardToken ? this.store.byCard(cardToken, this.deps.clock.now()) : { missing: 'no receipt' }, language)
  }

  giveByTrackingToken(token: string, language: string): void {
    this.give(this.store.byTrackingToken(token, this.deps.clock.now()), language)
  }

  deleteTrackingToken(token: string, language: string): void {
    this.deps.say(language, this.store.deleteTrackingToken(token.trim(), this.deps.clock.now()) ? 'code deleted' : 'no receipt')
  }

  /** Resolves when every e-receipt sent so far has been delivered or has failed. */
  async settled(): Promise<void> {
    await Promise.all(this.outbox)
  }

  private give(lookup: ReceiptLookup, language: string): void {
    if ('missing' in lookup) return this.deps.say(language, lookup.missing === 'no receipt' ? 'no receipt' : 'receipt gone')
    this.printCopy(lookup.found, language)
  }

  private printCopy(receipt: StoredReceipt, language: string): void {
    const copy = [COPY_MARK, ...receipt.lines]
    if (this.deps.printer.print(copy, receipt.requestId) === 'Success') this.deps.say(language, 'copy printed')
    else this.deps.say(language, 'copy on screen', ...copy)
  }

  private async sendEReceipt(session: SessionRecord, receipt: StoredReceipt, to: string): Promise<void> {
    const subject = `Your receipt, ${describeMoney(session.completed ?? { minor: 0, currency: 'EUR' })}`
    try {
      await this.channel!.deliver({ to, subject, lines: receipt.lines, trackingToken: receipt.trackingToken, requestId: receipt.requestId })
      this.deps.say(session.language, 'e-receipt sent')
    } catch (error) {
      // The payment stands: the cardholder gets another way to the receipt; the operator sees why.
      this.notify({ what: 'e-receipt failed', requestId: receipt.requestId, reason: (error as Error).message })
      this.deps.say(session.language, 'e-receipt failed', `QR ${receipt.trackingToken}`)
    }
  }

  private ticketOf(requestId: string): string[] {
    const record = this.deps.journal.entries().find((e) => e.requestId === requestId)?.terminalRecord ?? []
    if (record.length) return record
    return this.deps.printer.printed.find((r) => r.requestId === requestId)?.lines ?? []
  }

  private notify(notice: Omit<OperatorNotice, 'atMs'>): void {
    this.notices.push({ atMs: this.deps.clock.now(), ...notice })
  }
}
