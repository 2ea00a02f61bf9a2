// Cucumber profiles, one per assembly of the rig (see ARCHITECTURE.md). CommonJS: package.json says so.
const { environmentInfo } = require('./scripts/lib/environment.cjs')

// Cucumber adds feature paths given on its command line to these, so a path cannot narrow a run;
// `npm run certify -- <feature file>` passes them here instead (CCV_FEATURES, separated by commas).
const featurePaths = process.env.CCV_FEATURES ? process.env.CCV_FEATURES.split(',') : ['features/**/*.feature']

const common = {
  paths: featurePaths,
  requireModule: ['ts-node/register'],
  require: ['support/**/*.ts', 'step-definitions/**/*.ts'],
  strict: true,
}

// Read by allure-cucumberjs from formatOptions.
const allure = (rig) => ({
  resultsDir: 'reports/allure-results',
  environmentInfo: environmentInfo(rig),
  categories: [
    { name: 'Integration did not meet the CCV expectation', matchedStatuses: ['failed'] },
    { name: 'Rig or automation problem (not a verdict on the integration)', matchedStatuses: ['broken'] },
  ],
})

// The matrix (npm run matrix) runs several profiles at once and reads its own JSON per run: the shared
// report files are left to the ordinary runs.
const reporting = (profile, rig) => process.env.CCV_MATRIX === '1' ? { formatOptions: { snippetInterface: 'async-await' } } : ({
  format: [
    // Every formatter but the last writes to a file: only one may own stdout (stack recipe, P3).
    ['allure-cucumberjs/reporter', 'reports/allure-cucumberjs.log'],
    // Cucumber's own record of every step: the certification report takes each verdict from it
    // (scripts/build-report.ts), never from a reporter's reading of it.
    ['message', `reports/cucumber-messages/${profile}.ndjson`],
    ['junit', 'reports/cucumber-junit.xml'],
    ['html', 'reports/cucumber-report.html'],
    'progress',
  ],
  // A failing step carries the whole OPI conversation; it belongs in the report, not the console.
  // (Cucumber 13 calls the option includeAttachments; 12 printAttachments.)
  formatOptions: { ...allure(rig), snippetInterface: 'async-await', printAttachments: false, includeAttachments: false, junit: { suiteName: 'ccv-certification' } },
})

const simulated = { terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 20261128 }
const loopback = { ...simulated, link: 'tcp' }
const german = { ...simulated, dialect: 'de' }
// A terminal on the bench: the settings (address, dialect, witness, operator, test cards) come from the
// bench config file, CCV_BENCH or ./bench.json (README, "Certifying on the bench").
const real = { terminal: 'real', link: 'tcp', dialect: 'nl', bench: process.env.CCV_BENCH || 'bench.json' }
// CI: the simulated terminal as its own process, treated as real, a scripted operator at its control channel.
const simulatedBench = { ...real, bench: 'bench/simulated-bench.json' }
// An integrator's POS in its own process, through the driver contract, against the simulated terminal as
// its own process through the witness (README, "Certifying your own POS"). CCV_POS names the POS config,
// CCV_POS_ARGS adds arguments to its start command (the matrix's --fault variants), space-separated.
const pos = {
  ...real, integration: 'pos', bench: process.env.CCV_POS_BENCH || 'bench/pos-bench.json', pos: process.env.CCV_POS || 'bench/python-pos.json',
  posArgs: process.env.CCV_POS_ARGS ? process.env.CCV_POS_ARGS.split(' ').filter(Boolean) : [],
}
// Manual mode: the same POS operated through prompts ("Ring up 10.00 EUR and choose card"); with the bench's
// scripted operator, a scripted person at the POS's driver answers them, as CI does.
const posManual = { ...pos, integration: 'pos-manual' }

// The soak (UNA-O6, 1,000 sessions, a few seconds) is left out of everyday runs (npm test, development runs)
// and has its own profile; a certification run (npm run certify without filters) includes it, since no
// applicable case may be missing from a certification.
const everyday = process.env.CCV_CERTIFICATION === '1' ? {} : { tags: 'not @soak' }
// The pos profiles run the attended cases only: unattended machines and SoftPOS have no driver contract part yet.
const attendedOnly = `not @unattended and not @softpos${everyday.tags ? ` and ${everyday.tags}` : ''}`

module.exports = {
  // The simulated terminal over an in-memory link: no hardware, no network, virtual time.
  default: { ...common, ...everyday, ...reporting('default', simulated), worldParameters: simulated },
  // The same scenarios with the real OPI client and the simulated terminal on loopback sockets.
  tcp: { ...common, ...everyday, ...reporting('tcp', loopback), worldParameters: loopback },
  // The same scenarios in the OPI-DE dialect: the register logs in before its first request.
  de: { ...common, ...everyday, ...reporting('de', german), worldParameters: german },
  // Long runs (UNA-O6): `npm run test:soak`; figures in the scenario's "Soak figures" attachment.
  soak: { ...common, tags: '@soak', format: ['progress'], worldParameters: simulated },
  // The attended scenarios against a real CCV terminal, with the person at the bench answering prompts.
  real: { ...common, ...everyday, ...reporting('real', real), worldParameters: real },
  // The `real` assembly end to end without hardware (npm run test:bench).
  'simulated-bench': { ...common, ...everyday, ...reporting('simulated-bench', simulatedBench), worldParameters: simulatedBench },
  // The attended scenarios against a POS through the driver contract (python-pos unless CCV_POS says otherwise).
  pos: { ...common, tags: attendedOnly, ...reporting('pos', pos), worldParameters: pos },
  // The attended scenarios with a person operating the POS, following prompts (manual mode).
  'pos-manual': { ...common, tags: attendedOnly, ...reporting('pos-manual', posManual), worldParameters: posManual },
  // Stryker's cucumber runner (npm run mutation, stryker.config.mjs): the everyday scenarios on the default rig,
  // with no formatter of our own (Stryker adds the one that reports each scenario's result) and no reports.
  // Left out: the UNA-Y1 outline that kills the machine's own program. Its machine runs in a child process,
  // where no mutant is switched on, and the outline's three rows cost more than the rest of the suite.
  mutation: { ...common, tags: 'not @soak', name: ["^(?!The machine's own program is killed)"], worldParameters: simulated },
  // Finds undefined or ambiguous steps without running anything.
  dry: {
    ...common,
    dryRun: true,
    format: [['snippets', 'reports/snippets.txt'], 'summary'],
    formatOptions: { snippetInterface: 'async-await' },
    worldParameters: simulated,
  },
}
