import { setImmediate as nextMacrotask } from 'node:timers/promises'
import type { VirtualClock } from './virtual-clock'

/** The simulation can make no further progress: nothing is scheduled and the work is still pending. */
export class SimulationStalled extends Error {
  constructor(what: string, atMs: number) {
    super(`${what} is still waiting, but nothing more can happen in the simulation (virtual time ${new Date(atMs).toISOString()})`)
    this.name = 'SimulationStalled'
  }
}

export interface DriveOptions {
  /** What the work is, for error messages. */
  what: string
  /** Virtual time after which the run is declared hung. */
  limitMs?: number
  /**
   * Waits until every message already sent has been delivered. In-memory links need only a macrotask;
   * real sockets need real I/O to finish, which the TCP rig supplies.
   */
  settleIo?: () => Promise<void>
}

/**
 * Runs the virtual clock until `work` settles: let every pending message and promise chain finish,
 * then jump to the next timer, and again. A conversation that would take minutes finishes in
 * milliseconds, in the same order every time.
 */
export async function driveUntilSettled<T>(clock: VirtualClock, work: Promise<T>, options: DriveOptions): Promise<T> {
  const settleIo = options.settleIo ?? (() => nextMacrotask())
  const limitAt = clock.now() + (options.limitMs ?? 4 * 60 * 60 * 1000)
  let settled = false
  work.then(() => { settled = true }, () => { settled = true })
  for (;;) {
    await settleIo()
    if (settled) return work
    const due = clock.nextDueAt()
    if (due === undefined) throw new SimulationStalled(options.what, clock.now())
    if (due > limitAt) throw new Error(`${options.what} did not finish within ${(limitAt - clock.now()) / 60000} virtual minutes`)
    clock.fireNext()
  }
}

/** Lets virtual time pass (the cardholder walks away, a timeout runs out), processing everything due. */
export async function driveFor(clock: VirtualClock, durationMs: number, settleIo: () => Promise<void> = () => nextMacrotask()): Promise<void> {
  const until = clock.now() + durationMs
  for (;;) {
    await settleIo()
    const due = clock.nextDueAt()
    if (due === undefined || due > until) break
    clock.fireNext()
  }
  clock.advanceTo(until)
  await settleIo()
}
