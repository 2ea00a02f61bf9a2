import type { Clock } from '../clock/clock'
import type { CardServiceRequest, CardServiceResponse, DeviceRequest, OutDeviceTarget, ServiceRequest } from '../opi/messages'
import type { PrinterName } from './driver-contract'
import type { WitnessRecord } from '../proxy/wire-reader'

/** Where the records come from: the recording witness (`OpiProxy.onRecord`) or the terminal's own tap. */
export type TerminalSideFeed = (listener: (record: WitnessRecord) => void) => () => void

export type WireRequest = (CardServiceRequest | ServiceRequest) & { atMs: number }

export interface WireOutput {
  atMs: number
  target: OutDeviceTarget
  lines: string[]
  /** The register's request the terminal was working on when it sent this. */
  requestId?: string
}

const PRINTER_OF: Partial<Record<OutDeviceTarget, PrinterName>> = { Printer: 'receipt', PrinterReceipt: 'receipt', JournalPrinter: 'journal' }

/**
 * The conversation as the terminal side saw it, read for the person-operated adapter: which request the
 * POS sent and what the terminal answered, and what the terminal sent the POS to show and print. It tells
 * the adapter when to ask and what to state as expected; what the POS did with it only the tester says.
 */
export class TerminalSideView {
  private readonly records: WitnessRecord[] = []
  private readonly listeners = new Set<(record: WitnessRecord) => void>()
  private readonly unsubscribe: () => void

  constructor(feed: TerminalSideFeed, private readonly clock: Clock) {
    this.unsubscribe = feed((record) => this.add(record))
  }

  stop(): void {
    this.unsubscribe()
    this.listeners.clear()
  }

  /** A place in the conversation: later questions look only at what came after it. */
  mark(): number {
    return this.records.length
  }

  /** The first request of one of `types` the register sent after `mark`. */
  requestSince(mark: number, types: readonly string[]): WireRequest | undefined {
    return this.records.slice(mark).map(requestIn).find((r) => r && types.includes(r.requestType))
  }

  /** Calls `seen` once, when the register sends a request of one of `types` after `mark` (at once if it has). */
  onRequest(mark: number, types: readonly string[], seen: (request: WireRequest) => void): () => void {
    const already = this.requestSince(mark, types)
    if (already) {
      seen(already)
      return () => undefined
    }
    const listener = (record: WitnessRecord) => {
      const request = requestIn(record)
      if (!request || !types.includes(request.requestType)) return
      this.listeners.delete(listener)
      seen(request)
    }
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The terminal's answer to `request`, or undefined if none came within `withinMs` (lost, or still running). */
  answerTo(request: WireRequest, withinMs: number): Promise<CardServiceResponse | undefined> {
    const answered = () => this.records.map((r) => r.message).find((m): m is CardServiceResponse => m?.kind === 'CardServiceResponse' && m.requestId === request.requestId)
    const already = answered()
    if (already) return Promise.resolve(already)
    return new Promise((resolve) => {
      const timer = this.clock.setTimer(withinMs, () => { this.listeners.delete(listener); resolve(undefined) })
      const listener = (record: WitnessRecord) => {
        if (record.message?.kind !== 'CardServiceResponse' || record.message.requestId !== request.requestId) return
        timer.cancel()
        this.listeners.delete(listener)
        resolve(record.message)
      }
      this.listeners.add(listener)
    })
  }

  /** Calls `shown` for each message the terminal sends for the cashier's display from now on; returns a stop function. */
  onCashierMessage(shown: (lines: string[]) => void): () => void {
    const listener = (record: WitnessRecord) => {
      for (const output of this.outputsIn(record).filter((o) => o.target === 'CashierDisplay')) shown(output.lines)
    }
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Everything the terminal sent the register for one device (display, printers, E-Journal), in order. */
  outputs(targets: readonly OutDeviceTarget[]): WireOutput[] {
    return this.records.flatMap((r) => this.outputsIn(r)).filter((o) => targets.includes(o.target))
  }

  /** The tickets the terminal sent the register to print, by printer. */
  tickets(): (WireOutput & { printer: PrinterName })[] {
    return this.outputs(['Printer', 'PrinterReceipt', 'JournalPrinter']).map((o) => ({ ...o, printer: PRINTER_OF[o.target]! }))
  }

  private add(record: WitnessRecord): void {
    this.records.push(record)
    for (const listener of [...this.listeners]) listener(record)
  }

  private outputsIn(record: WitnessRecord): WireOutput[] {
    const message = record.message
    if (record.from !== 'terminal' || message?.kind !== 'DeviceRequest' || message.requestType !== 'Output') return []
    const owner = this.ownerOf(message, this.records.indexOf(record))
    return message.outputs.map((o) => ({ atMs: record.atMs, target: o.target, lines: o.textLines.map((l) => l.text), requestId: owner }))
  }

  /** A dotted device RequestID names its parent; a plain counter belongs to the request running then. */
  private ownerOf(message: DeviceRequest, before: number): string | undefined {
    const sent = this.records.slice(0, before < 0 ? undefined : before).map(requestIn).filter((r): r is WireRequest => r !== undefined)
    const parent = message.requestId.split('.')[0]
    return sent.find((r) => r.requestId === parent)?.requestId ?? sent.filter((r) => r.kind === 'CardServiceRequest' && r.requestType !== 'AbortRequest').at(-1)?.requestId
  }
}

function requestIn(record: WitnessRecord): WireRequest | undefined {
  const message = record.message
  if (record.from !== 'ECR' || record.channel !== 0) return undefined
  if (message?.kind !== 'CardServiceRequest' && message?.kind !== 'ServiceRequest') return undefined
  return { ...message, atMs: record.atMs }
}
