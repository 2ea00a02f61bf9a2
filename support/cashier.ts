import type { Clock } from '../src/clock/clock'
import type { AttendedEcr } from '../src/ecr/attended-ecr'

/** Moments a cashier recognises on the register's screen, by the terminal message that marks them. */
export const CASHIER_MOMENTS = {
  'asks for the card': /^Present card/i,
  'is authorising': /^Processing/i,
} as const
export type CashierMoment = keyof typeof CASHIER_MOMENTS

/** A cashier notices a new message and reaches for the key in about half a second. */
const CASHIER_REACTION_MS = 500
/** Hammering: ten presses within two seconds, as CCV's F1D asks. */
const PRESS_INTERVAL_MS = 200

/**
 * The cashier at the register, acting when the screen shows a moment, in virtual time: the rig sees
 * the moment come because the terminal's message reaches the register's display, never by sleeping.
 * Returns a promise per triggered action, so a scenario can wait until the cashier has finished.
 */
export function pressAbortWhen(ecr: AttendedEcr, clock: Clock, moment: CashierMoment, presses: number, started: (done: Promise<void>) => void): void {
  let triggered = false
  ecr.display.onShow((message) => {
    if (triggered || message.source !== 'terminal' || !CASHIER_MOMENTS[moment].test(message.lines[0] ?? '')) return
    triggered = true
    started(new Promise<void>((resolve) => {
      for (let press = 0; press < presses; press++) {
        clock.setTimer(CASHIER_REACTION_MS + press * PRESS_INTERVAL_MS, () => {
          ecr.pressAbort()
          if (press === presses - 1) resolve()
        })
      }
    }))
  })
}
