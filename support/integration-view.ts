import type { DisplayedMessage } from '../src/ecr/peripherals/cashier-display'
import { IN_FLIGHT_RESULTS, type JournalEntry } from '../src/ecr/peripherals/journal'
import type { IntegrationUnderTest, Printout, RegisterState } from '../src/integration/integration-under-test'

/**
 * What the integration under test showed, printed, journaled and holds open, read through its port at
 * one moment. The World reads one before every step (support/hooks.ts), so a Then compares what the
 * register had done when the Then began, whichever adapter it came through.
 */
export class IntegrationView {
  static async read(integration: IntegrationUnderTest): Promise<IntegrationView> {
    // Started together: the in-process adapter copies its lists at the call, a POS answers each in turn.
    const [display, printouts, journal, state] = await Promise.all([integration.display(), integration.printouts(), integration.journal(), integration.state()])
    return new IntegrationView(display, printouts, journal, state)
  }

  static readonly empty = new IntegrationView([], [], [], { paymentRunning: false, saleOpen: false })

  constructor(readonly display: DisplayedMessage[], readonly printouts: Printout[], readonly journal: JournalEntry[], readonly state: RegisterState) {}

  /** The lines on the cashier's display now. */
  get current(): string[] {
    return this.display.at(-1)?.lines ?? []
  }

  fromTerminal(): DisplayedMessage[] {
    return this.display.filter((m) => m.source === 'terminal')
  }

  fromRegister(): DisplayedMessage[] {
    return this.display.filter((m) => m.source === 'register')
  }

  /** Tickets on the customer-receipt printer, oldest first. */
  get receipts(): Printout[] {
    return this.printouts.filter((p) => p.printer === 'receipt')
  }

  /** Tickets on the journal printer (merchant copies), oldest first. */
  get merchantCopies(): Printout[] {
    return this.printouts.filter((p) => p.printer === 'journal')
  }

  /** Payments the journal holds as started or unknown. */
  inFlight(): JournalEntry[] {
    return this.journal.filter((e) => IN_FLIGHT_RESULTS.includes(e.result))
  }
}
