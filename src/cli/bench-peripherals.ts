import type { Clock } from '../clock/clock'
import type { CashierPrompts, Peripherals } from '../ecr/device-request-dispatcher'
import { CashierDisplay, type DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { Journal, JournalEntry, StoredJournalReceipt } from '../ecr/peripherals/journal'
import { ReceiptPrinter } from '../ecr/peripherals/printer'
import type { DeviceResult } from '../opi/messages'
import { redactCardNumbers } from '../report/redact'

/** The bench register's devices: everything the terminal shows or prints goes to the tester's screen at once. */
export function benchPeripherals(clock: Clock, say: (line: string) => void, confirm: boolean): Peripherals {
  const print = (line: string) => say(redactCardNumbers(line))
  return {
    display: new EchoingDisplay(clock, 'cashier display', print),
    customerDisplay: new EchoingDisplay(clock, 'customer display', print),
    printer: new EchoingPrinter('receipt printer', clock, print),
    journalPrinter: new EchoingPrinter('journal printer', clock, print),
    journal: new EchoingJournal(print),
    prompts: new FixedAnswer(confirm, print),
  }
}

class EchoingDisplay extends CashierDisplay {
  constructor(clock: Clock, private readonly name: string, private readonly print: (line: string) => void) {
    super(clock)
  }

  override show(lines: string[], source: DisplayedMessage['source']): void {
    super.show(lines, source)
    this.print(`${this.name}: ${lines.join(' / ')}`)
  }
}

class EchoingPrinter extends ReceiptPrinter {
  constructor(name: string, clock: Clock, private readonly say: (line: string) => void) {
    super(name, clock)
  }

  override print(lines: string[], requestId?: string): DeviceResult {
    const result = super.print(lines, requestId)
    if (lines.length > 0) this.printBlock(`${this.name} printed:`, lines)
    return result
  }

  private printBlock(title: string, lines: string[]): void {
    this.say(title)
    for (const line of lines) this.say(`  | ${line}`)
  }
}

/** The bench keeps no journal of its own: the terminal's e-journal records are shown and forgotten. */
class EchoingJournal implements Journal {
  constructor(private readonly print: (line: string) => void) {}

  begin(): void {}

  appendTerminalRecord(requestId: string, lines: string[]): void {
    // The same text as the journal printer's copy, so one line says it arrived.
    this.print(`e-journal: stored a record of ${lines.length} lines for request ${requestId}`)
  }

  finish(): void {}

  entries(): JournalEntry[] {
    return []
  }

  inFlight(): JournalEntry[] {
    return []
  }

  keepJournalReceipt(): void {}

  journalReceipts(): StoredJournalReceipt[] {
    return []
  }
}

/** Questions the terminal puts to the cashier (signature checked?) get the answer given on the command line. */
class FixedAnswer implements CashierPrompts {
  constructor(private readonly answer: boolean, private readonly print: (line: string) => void) {}

  confirm(question: string[]): Promise<boolean> {
    this.print(`terminal asks the cashier: ${question.join(' / ')} -> ${this.answer ? 'yes' : 'no'} (--confirm)`)
    return Promise.resolve(this.answer)
  }
}
