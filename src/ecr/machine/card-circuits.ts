import type { ServiceResponse } from '../../opi/messages'

export interface CardCircuit {
  code: string
  displayName?: string
}

/**
 * The card circuits the terminal accepts, as it answered GetCardCircuits: the machine shows these and
 * no hard-coded list. Until the terminal has answered, nothing is known and nothing is refused.
 */
export class AcceptedCircuits {
  private list?: CardCircuit[]
  private stale = true

  /** Asks the terminal; a failed answer keeps the list the machine had and tries again next time. */
  async refresh(ask: () => Promise<ServiceResponse>): Promise<void> {
    const answer = await ask()
    if (answer.overallResult !== 'Success' || !answer.cardCircuits) return
    this.list = answer.cardCircuits.map((c) => ({ code: c.code, displayName: c.displayName }))
    this.stale = false
  }

  /** The terminal was out of reach: it may come back with other contracts, so the list is asked again. */
  markStale(): void {
    this.stale = true
  }

  get needsRefresh(): boolean {
    return this.stale
  }

  names(): string[] {
    return (this.list ?? []).map((c) => c.displayName ?? c.code)
  }

  /** A card the terminal reported under a circuit it did not list. */
  refuses(code: string | undefined): boolean {
    return this.list !== undefined && code !== undefined && !this.list.some((c) => c.code === code)
  }
}
