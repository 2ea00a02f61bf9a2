// npm run bench [-- --runs N]: how long the whole suite takes on the simulated terminal. Timing lives
// here, never in assertions.
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, profile: { type: 'string', default: 'default' } } })
const runs = Number(values.runs)
const times = []
for (let i = 0; i < runs; i++) {
  const started = performance.now()
  const run = spawnSync(process.execPath, ['node_modules/@cucumber/cucumber/bin/cucumber.js', '--profile', values.profile, '--format', 'summary'], { encoding: 'utf8' })
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    process.exit(run.status ?? 1)
  }
  const summary = run.stdout.trim().split('\n').filter((l) => /scenarios?|steps?/.test(l)).join(', ')
  console.log(`run ${i + 1}: ${seconds.toFixed(2)} s wall (${summary})`)
  times.push(seconds)
}
times.sort((a, b) => a - b)
console.log(`profile ${values.profile}: median ${times[Math.floor(times.length / 2)].toFixed(2)} s, best ${times[0].toFixed(2)} s over ${runs} runs`)
