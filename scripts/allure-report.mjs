// npm run report [-- --declaration <file>]: builds the report from the results of the last run (npm test,
// cucumber-js) without running anything. Not a certification: npm run certify runs and builds in one go.
import { spawnSync } from 'node:child_process'

const run = spawnSync(process.execPath, [
  '--require', 'ts-node/register', 'scripts/build-report.ts',
  '--kind', 'development', '--out', 'reports/development/last-test-run', '--filters', '["(results of the last test run)"]',
  ...process.argv.slice(2),
], { stdio: 'inherit' })
process.exit(run.status ?? 1)
