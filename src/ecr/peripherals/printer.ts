import type { Clock } from '../../clock/clock'
import type { DeviceResult, DeviceState } from '../../opi/messages'

export interface PrintedReceipt {
  atMs: number
  lines: string[]
  /** The payment the terminal was working on when it sent the receipt. */
  requestId?: string
}

/**
 * A receipt printer on the register. Its state is announced to the terminal in every request; a
 * printer out of paper fails the print, which the terminal must learn.
 */
export class ReceiptPrinter {
  state: DeviceState = 'Available'
  readonly printed: PrintedReceipt[] = []

  constructor(readonly name: string, private readonly clock: Clock) {}

  /** An empty request is the terminal asking "are you ready?". */
  print(lines: string[], requestId?: string): DeviceResult {
    if (this.state === 'Unavailable') return 'DeviceUnavailable'
    if (this.state === 'PaperEmpty') return 'Failure'
    if (lines.length > 0) this.printed.push({ atMs: this.clock.now(), lines: [...lines], requestId })
    return 'Success'
  }
}
