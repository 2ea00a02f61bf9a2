// npm run mutation: Stryker mutates the integration under test and runs the certification scenarios (Cucumber,
// profile `mutation` in cucumber.js) against every mutant. What is measured is the scenarios' strength: no unit
// test takes part. See ARCHITECTURE.md, "Mutation testing".
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'cucumber',
  cucumber: { profile: 'mutation' },
  plugins: ['@stryker-mutator/cucumber-runner'],
  // Makes the runner's formatter readable to Cucumber 13 (see the file).
  testRunnerNodeArgs: ['--require', './mutation/cucumber-13-formats.cjs'],
  // The integration under test. Not mutated: the simulated environment that lives beside the machine controller
  // (chargers, pumps and vending mechanism; the people at the machine's screen), which the scenarios drive.
  mutate: ['src/ecr/**/*.ts', '!src/ecr/machine/simulated-devices.ts', '!src/ecr/machine/scripted-customer.ts'],
  // Only the scenarios that ran a mutant's code run against it.
  coverageAnalysis: 'perTest',
  // Two cores shared by several people: one mutant at a time unless asked (npm run mutation -- --concurrency 2).
  concurrency: 1,
  // A mutant that hangs is given up after the scenarios' own time plus this (virtual time: they never wait).
  timeoutMS: 3000,
  // Kept beside the report, not checked in: it is several megabytes and holds this machine's paths. A fresh
  // clone's first run is a full one (about an hour on two cores); later runs re-test only what changed. It
  // cannot see changes to step definitions or support/: then run with --force.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  clearTextReporter: { logTests: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
}
