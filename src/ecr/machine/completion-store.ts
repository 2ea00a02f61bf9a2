import type { Money } from '../../opi/money'

/** A completion the machine owes the terminal: what was delivered on which reservation. */
export interface PendingCompletion {
  sessionId: number
  stan?: string
  approvalCode?: string
  amount: Money
  language: string
}

/**
 * Where completions wait until the terminal has confirmed them. Written before the completion is
 * sent and cleared only on its Success, so a restart or a lost answer never loses one (CCV E12). A
 * durable implementation (file, SQLite) goes behind the same interface.
 */
export interface CompletionStore {
  save(completion: PendingCompletion): void
  remove(sessionId: number): void
  pending(): PendingCompletion[]
}

export class InMemoryCompletionStore implements CompletionStore {
  private readonly bySession = new Map<number, PendingCompletion>()

  save(completion: PendingCompletion): void {
    this.bySession.set(completion.sessionId, { ...completion })
  }

  remove(sessionId: number): void {
    this.bySession.delete(sessionId)
  }

  pending(): PendingCompletion[] {
    return [...this.bySession.values()].map((c) => ({ ...c }))
  }
}
