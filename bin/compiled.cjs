// Loads a command-line tool from dist/ (compiled by `npm run build`, which `npm ci` runs), so it starts at
// once instead of compiling TypeScript first. A missing or out-of-date build stops with what to run, not
// with a stack trace or, worse, yesterday's code.
const { existsSync, readdirSync, statSync } = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const stamp = path.join(root, 'dist', '.built')

const newestSource = (dir) => {
  let newest = { file: '', mtimeMs: 0 }
  for (const entry of readdirSync(dir, { recursive: true })) {
    if (!/\.(ts|json)$/.test(entry)) continue
    const file = path.join(dir, entry)
    const { mtimeMs } = statSync(file)
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs }
  }
  return newest
}

const fail = (why) => {
  console.error(`${why}\nRun \`npm run build\` in ${root} (about a second), then start this command again.`)
  process.exit(2)
}

exports.runCompiled = (tool) => {
  if (!existsSync(stamp)) fail('The command-line tools are not compiled yet (dist/ is missing).')
  const newest = newestSource(path.join(root, 'src'))
  if (newest.mtimeMs > statSync(stamp).mtimeMs) {
    fail(`The compiled tools in dist/ are older than ${path.relative(root, newest.file)}.`)
  }
  require(path.join(root, 'dist', 'src', 'cli', tool)).main(process.argv.slice(2))
}
