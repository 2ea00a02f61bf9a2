import type { DeviceRequest, DeviceResponse, DeviceResult, InputResult, OutputRequest, OutputResult, OverallResult } from '../opi/messages'
import type { CashierDisplay } from './peripherals/cashier-display'
import type { Journal } from './peripherals/journal'
import type { ReceiptPrinter } from './peripherals/printer'

/** Questions the terminal asks the cashier (signature checked? identity shown?). */
export interface CashierPrompts {
  confirm(question: string[]): Promise<boolean>
}

/** Unattended machines: the terminal says "deliver now" and waits for whether it worked. */
export interface DeliveryBox {
  deliver(requestId: string | undefined): Promise<DeviceResult>
}

export interface Peripherals {
  display: CashierDisplay
  customerDisplay?: CashierDisplay
  printer: ReceiptPrinter
  journalPrinter: ReceiptPrinter
  journal: Journal
  prompts?: CashierPrompts
  deliveryBox?: DeliveryBox
}

/** The payment a device request belongs to: "1042.3" belongs to "1042". */
export function parentRequestId(deviceRequestId: string, current?: string): string | undefined {
  const dot = deviceRequestId.indexOf('.')
  return dot > 0 ? deviceRequestId.slice(0, dot) : current
}

/**
 * Answers every DeviceRequest by handing each output to the register's device it names. Unknown or
 * missing devices are answered DeviceUnavailable, never left without an answer.
 */
export class DeviceRequestDispatcher {
  /** The request the register is running, for device requests that carry a plain id. */
  currentRequestId?: string
  /** Recovery requests whose device output belongs to another payment: TicketReprint id -> payment id. */
  readonly aliases = new Map<string, string>()

  constructor(private readonly devices: Peripherals) {}

  async handle(request: DeviceRequest): Promise<DeviceResponse> {
    const parent = parentRequestId(request.requestId, this.currentRequestId)
    const owner = (parent && this.aliases.get(parent)) ?? parent
    const outputs: OutputResult[] = []
    // One at a time, in order: a receipt must not be reported printed before the display showed it.
    for (const output of request.outputs) outputs.push({ target: output.target, outResult: await this.output(output, owner) })
    const input = request.input && (await this.input(request))
    const results: DeviceResult[] = [...outputs.map((o) => o.outResult), ...(input ? [input.inResult] : [])]
    return {
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId,
      workstationId: request.workstationId, popId: request.popId, overallResult: overall(results),
      outputs, input,
    }
  }

  private async output(output: OutputRequest, owner: string | undefined): Promise<DeviceResult> {
    const lines = output.textLines.slice().sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((l) => l.text)
    switch (output.target) {
      case 'CashierDisplay':
        this.devices.display.show(lines, 'terminal')
        return 'Success'
      case 'CustomerDisplay':
        if (!this.devices.customerDisplay) return 'DeviceUnavailable'
        this.devices.customerDisplay.show(lines, 'terminal')
        return 'Success'
      case 'Printer':
      case 'PrinterReceipt':
        return this.devices.printer.print(lines, owner)
      case 'JournalPrinter':
        this.keepJournalReceipt(owner, lines)
        return this.devices.journalPrinter.print(lines, owner)
      case 'E-Journal':
        return this.storeTerminalRecord(owner, lines)
      case 'DeliveryBox':
        return this.devices.deliveryBox ? this.devices.deliveryBox.deliver(owner) : 'DeviceUnavailable'
    }
  }

  /** Success only once the record is committed; a store that fails must not be reported as written. */
  private storeTerminalRecord(owner: string | undefined, lines: string[]): DeviceResult {
    if (!owner) return 'Failure'
    try {
      this.devices.journal.appendTerminalRecord(owner, lines)
      return 'Success'
    } catch {
      return 'Failure'
    }
  }

  /** Journal receipts are kept whatever the paper does, so they can be read back by date and shift. */
  private keepJournalReceipt(owner: string | undefined, lines: string[]): void {
    if (owner && lines.length > 0) this.devices.journal.keepJournalReceipt({ requestId: owner, atMs: this.devices.journalPrinter.clock.now(), lines })
  }

  private async input(request: DeviceRequest): Promise<InputResult> {
    const target = request.input!.target
    const prompts = this.devices.prompts
    if (!prompts || request.input!.command !== 'GetConfirmation') return { target, inResult: 'DeviceUnavailable' }
    const question = request.outputs.flatMap((o) => o.textLines.map((l) => l.text))
    const answer = await prompts.confirm(question)
    return { target, inResult: 'Success', value: { boolean: answer } }
  }
}

function overall(results: DeviceResult[]): OverallResult {
  if (results.every((r) => r === 'Success')) return 'Success'
  if (results.some((r) => r === 'Success')) return 'PartialFailure'
  return results.length === 1 && results[0] === 'DeviceUnavailable' ? 'DeviceUnavailable' : 'Failure'
}
