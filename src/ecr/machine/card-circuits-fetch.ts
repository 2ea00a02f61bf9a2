import { sleep, type Clock } from '../../clock/clock'
import type { ServiceResponse } from '../../opi/messages'

export interface CardCircuit {
  code: string
  displayName?: string
}

/**
 * After start-up and after every recovery the machine asks the terminal which card circuits it accepts
 * (GetCardCircuits, as CCV's vending client does), until it answers Success or the attempts run out.
 */
export async function fetchCardCircuits(clock: Clock, ask: () => Promise<ServiceResponse>, attempts: number, pauseMs: number): Promise<CardCircuit[]> {
  let why = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(clock, pauseMs)
    try {
      const response = await ask()
      if (response.overallResult === 'Success') return response.cardCircuits ?? []
      why = response.overallResult
    } catch (error) {
      why = (error as Error).message
    }
  }
  throw new Error(`GetCardCircuits did not succeed after ${attempts} attempts: ${why}`)
}
