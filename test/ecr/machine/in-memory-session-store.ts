import type { SessionStore, StoredSession } from '../../../src/ecr/machine/session-store'

/** The session store of a machine without a disk: the same bookkeeping, lost with the power. */
export class InMemorySessionStore implements SessionStore {
  private readonly byId = new Map<number, StoredSession>()

  save(session: StoredSession): void {
    this.byId.set(session.id, { ...session })
  }

  open(): StoredSession[] {
    return [...this.byId.values()].filter((s) => s.state !== 'settled').sort((a, b) => a.id - b.id).map((s) => ({ ...s }))
  }

  lastSessionId(): number {
    return Math.max(0, ...this.byId.keys())
  }

  close(): void {}
}
