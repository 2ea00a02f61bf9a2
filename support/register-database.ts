import type { JournalEntry } from '../src/ecr/peripherals/journal'
import { SqliteRegisterStore } from '../src/ecr/peripherals/sqlite-journal'

/** What a register's database file holds as in flight, read as a fresh process would: for either rig. */
export function inFlightInFile(path: string): JournalEntry[] {
  const reader = new SqliteRegisterStore(path)
  try {
    return reader.inFlight()
  } finally {
    reader.close()
  }
}
