// What the report's Environment panel says about a run: which terminal, which dialect, which code.
const { execFileSync } = require('node:child_process')
const { readFileSync } = require('node:fs')

const version = (pkg) => {
  try { return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version } catch { return 'unknown' }
}

const git = (args) => execFileSync('git', args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()

// A commit with local changes is not the code that commit names: say so.
const commit = () => {
  try {
    return `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? ' with local changes' : ''}`
  } catch {
    return 'unknown'
  }
}

// A bench run says what its bench config says: which link, and whether time ran faster than the wall clock.
const benchInfo = (path) => {
  let bench
  try { bench = JSON.parse(readFileSync(path, 'utf8')) } catch { return { 'Bench config': `${path} (unreadable)` } }
  const speed = bench.simulate?.timeSpeed ?? 1
  return {
    'Terminal': bench.simulate ? 'simulated CCV terminal as its own process, treated as real (scripted operator)' : 'real CCV terminal',
    'Link': bench.link?.kind === 'serial' ? `serial line ${bench.link.path} at ${bench.link.baudRate ?? 115200} baud, witness on the line` : 'TCP through the recording witness',
    'Time': speed > 1 ? `bench time, ${speed} times as fast as the wall clock (terminal process and register alike)` : 'wall clock',
    'Bench config': path,
  }
}

// The POS names itself on its driver's GET /version; the scenarios start it, so here its start command
// is the name, and every case's "Integration under test" attachment carries what /version said.
function posDescription(rig) {
  try {
    const config = JSON.parse(readFileSync(rig.pos, 'utf8'))
    return `a POS through the driver contract: ${[...config.start, ...(rig.posArgs ?? [])].join(' ')} (${rig.pos}; each case names its /version)`
  } catch {
    return `a POS through the driver contract (${rig.pos})`
  }
}

function environmentInfo(rig) {
  return {
    'Integration under test': rig.integration === 'pos' ? posDescription(rig)
      : rig.integration === 'pos-manual' ? `${posDescription(rig)}, operated by a person following prompts (manual mode)` : 'the reference ECR (in-process)',
    'Terminal': rig.terminal === 'simulated' ? 'simulated CCV terminal (no hardware)' : rig.integration?.startsWith('pos') && rig.bench.includes('pos-bench') ? 'simulated CCV terminal as its own process, through the recording witness' : 'real CCV terminal',
    'Link': rig.link,
    'Time': rig.terminal === 'simulated' ? 'virtual' : 'wall clock',
    ...(rig.bench ? benchInfo(rig.bench) : {}),
    'OPI dialect': rig.dialect === 'de' ? 'OPI-DE' : 'OPI-NL',
    'Random seed': String(rig.seed ?? 'n/a'),
    'Suite version': JSON.parse(readFileSync(`${__dirname}/../../package.json`, 'utf8')).version,
    'Commit': commit(),
    'Node.js': process.version,
    'Cucumber': version('@cucumber/cucumber'),
    'Expected results': 'interpretations of CCV test-case titles, not CCV text',
  }
}

module.exports = { environmentInfo, benchInfo }
