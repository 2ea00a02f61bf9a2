import { outputsSentTo } from './observations'
import type { CertificationWorld } from './world'

/** What the register's database holds for each payment, against what the terminal sent. */
export function storedEntries(w: CertificationWorld) {
  const sent = outputsSentTo(w.rig.log, 'E-Journal')
  return w.seen.journal.map((e) => ({
    requestId: e.requestId,
    recordAsSent: JSON.stringify(e.terminalRecord) === JSON.stringify(sent.filter((o) => o.requestId.startsWith(`${e.requestId}.`)).flatMap((o) => o.lines)),
    timed: e.startedAtMs > 0 && e.finishedAtMs !== undefined,
    terminal: e.terminalId,
  }))
}

/** For each journal receipt read back: whether time, shift, terminal, amount and result are on record. */
export function storedReceiptFacts(w: CertificationWorld) {
  const entries = w.seen.journal
  return (w.readBack?.byShift ?? []).map((receipt) => {
    const entry = entries.find((e) => e.requestId === receipt.requestId)
    return { time: receipt.atMs > 0, shift: receipt.shiftNumber, terminal: entry?.terminalId, amount: entry?.amount !== undefined, result: entry !== undefined && entry.result !== 'started' }
  })
}
