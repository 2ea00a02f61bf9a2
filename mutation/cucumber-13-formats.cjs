// Loaded into Stryker's test-runner process (stryker.config.mjs, testRunnerNodeArgs) before the cucumber runner.
// @stryker-mutator/cucumber-runner 9.6.1 names its formatter by a bare file:// URL; Cucumber 13 reads a format
// string as "<formatter>:<target>" and takes "file" for the formatter. Quoted, the URL is read whole. Only the
// runner's own formatter is touched; remove this file once the runner quotes it (or passes [name]) itself.
const path = require('node:path')

const runnerDir = path.dirname(require.resolve('@stryker-mutator/cucumber-runner/package.json'))
const wrapper = require(path.join(runnerDir, 'dist/src/cucumber-wrapper.cjs'))
const loadConfiguration = wrapper.loadConfiguration

const quoted = (format) => (typeof format === 'string' && format.startsWith('file://') ? `"${format}"` : format)

wrapper.loadConfiguration = (options = {}, environment) =>
  loadConfiguration(
    { ...options, provided: { ...options.provided, format: (options.provided?.format ?? []).map(quoted) } },
    environment,
  )
