/**
 * Numbers the register must never repeat or lose: the next RequestID (a restarted register that
 * reused an id could be handed the answer to an older payment) and the cashier's shift.
 */
export interface RegisterCounters {
  nextRequestId(): string
  currentShift(): number
  closeShift(): number
  /** Service staff start a shift with a number of their choosing (1..999, CCV M2). */
  startShift?(shiftNumber: number): number
}

export class InMemoryCounters implements RegisterCounters {
  private request = 0
  private shift = 1

  nextRequestId(): string {
    return String(++this.request)
  }

  currentShift(): number {
    return this.shift
  }

  closeShift(): number {
    return ++this.shift
  }

  startShift(shiftNumber: number): number {
    this.shift = shiftNumber
    return this.shift
  }
}
