// npm run build: compiles src/ and test/ to dist/ for the command-line tools and the unit tests, without type
// checking (npm run typecheck does that), so a type error never stops `npm ci` and a rebuild takes about a
// second. Test fixtures are copied beside the compiled tests that read them. The stamp file tells bin/*.cjs
// when dist/ is older than src/ (see bin/compiled.cjs).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
// tsc's incremental build trusts its build-info file and does not look at dist/: a deleted output would stay
// missing. So a missing output makes the build start from scratch.
const missingOutput = ['src', 'test'].some((dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .some((f) => !existsSync(`dist/${dir}/${f.replace(/\.ts$/, '.js')}`)),
)
if (missingOutput) rmSync('dist/.tsbuildinfo', { force: true })
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { stdio: 'inherit' })
if (run.status !== 0) {
  console.error('npm run build: compiling to dist/ failed (see above); the tools in bin/ and the unit tests need it.')
  process.exit(run.status ?? 1)
}
cpSync('test', 'dist/test', { recursive: true, filter: (source) => !source.endsWith('.ts') })
writeFileSync('dist/.built', `${new Date().toISOString()}\n`)
