/**
 * npm run bench:driver [-- --runs N]: how long driver:check takes against python-pos and the simulated
 * terminal (default cardholder after 10 ms, host after 10 ms), start-up of both excluded. Timing lives
 * here, never in assertions.
 */
import { parseArgs } from 'node:util'
import { ConformanceCheck } from '../src/integration/conformance'
import { money } from '../src/opi/money'
import { startPosPair } from '../test/integration/pos-processes'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })
  const runs = Number(values.runs)
  const startedAt = performance.now()
  const pair = await startPosPair({ terminal: 'in-process' })
  console.log(`python-pos and the terminal ready in ${((performance.now() - startedAt) / 1000).toFixed(2)} s`)
  const times: number[] = []
  try {
    for (let run = 1; run <= runs; run++) {
      const started = performance.now()
      const results = await new ConformanceCheck({ baseUrl: pair.driverUrl, timeoutMs: 5000, operationTimeoutMs: 20_000, amount: money(100), readOnly: false }).run()
      const ms = performance.now() - started
      const failed = results.filter((r) => r.verdict === 'failed')
      if (failed.length > 0) throw new Error(`run ${run}: ${failed.map((r) => `${r.name}: ${r.detail}`).join('; ')}`)
      console.log(`run ${run}: ${ms.toFixed(0)} ms for ${results.length} checks`)
      times.push(ms)
    }
  } finally {
    await pair.stop()
  }
  times.sort((a, b) => a - b)
  console.log(`driver:check against python-pos: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, best ${times[0].toFixed(0)} ms over ${runs} runs`)
}

void main().catch((error: Error) => {
  console.error(error.message)
  process.exit(1)
})
