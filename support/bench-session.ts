import { AfterAll, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber'
import { Bench } from './bench'

// A bench waits for people; each prompt has its own timeout, so a step's is only a last resort.
// The simulation is untouched: its steps run in virtual time and finish in milliseconds.
setDefaultTimeout(15 * 60 * 1000)

const running: { bench?: Bench } = {}

/** The bench of this run, opened by the first `real` scenario. */
export async function openBench(path: string): Promise<Bench> {
  running.bench ??= await Bench.open(path)
  return running.bench
}

BeforeAll(function () {
  running.bench = undefined
})

AfterAll(async function () {
  await running.bench?.close()
})
