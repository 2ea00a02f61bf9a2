import type { Clock } from '../src/clock/clock'

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

/** The register as the cashier at it sees and uses it: its screen as the terminal's messages arrive, its Abort key. */
export interface CashierAtRegister {
  onScreen(listener: (lines: string[]) => void): void
  pressAbort(): Promise<void>
}

/**
 * The cashier at the register, acting when the screen shows a moment, on the rig's clock: the rig sees
 * the moment come because the terminal's message reaches the register's display, never by sleeping.
 * Returns a promise per triggered action, so a scenario can wait until the cashier has finished.
 */
export function pressAbortWhen(register: CashierAtRegister, clock: Clock, moment: CashierMoment, presses: number, started: (done: Promise<void>) => void): void {
  let triggered = false
  register.onScreen((lines) => {
    if (triggered || !CASHIER_MOMENTS[moment].test(lines[0] ?? '')) return
    triggered = true
    started(new Promise<void>((resolve, reject) => {
      for (let press = 0; press < presses; press++) {
        clock.setTimer(CASHIER_REACTION_MS + press * PRESS_INTERVAL_MS, () => {
          const pressed = register.pressAbort()
          if (press === presses - 1) pressed.then(resolve, reject)
          else pressed.catch(reject)
        })
      }
    }))
  })
}
