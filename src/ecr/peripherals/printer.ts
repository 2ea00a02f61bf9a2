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
  private jamsOnNextTicket = false

  constructor(readonly name: string, readonly clock: Clock) {}

  /** The next ticket jams half way: nothing usable comes out, though the printer looked ready. */
  jamOnNextTicket(): void {
    this.jamsOnNextTicket = true
  }

  /** An empty request is the terminal asking "are you ready?". */
  print(lines: string[], requestId?: string): DeviceResult {
    if (this.state === 'Unavailable') return 'DeviceUnavailable'
    if (this.state === 'PaperEmpty') return 'Failure'
    if (this.jamsOnNextTicket && lines.length > 0) {
      this.jamsOnNextTicket = false
      return 'Failure'
    }
    if (lines.length > 0) this.printed.push({ atMs: this.clock.now(), lines: [...lines], requestId })
    return 'Success'
  }
}
