// Runs the unit tests on node's own test runner, all files in one process (see scripts/unit-tests.ts).
import { spawnSync } from 'node:child_process'

const run = spawnSync(process.execPath, ['--require', 'ts-node/register', '--test-reporter=spec', 'scripts/unit-tests.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 1)
