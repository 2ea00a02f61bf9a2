/**
 * What was certified, exactly: the code (commit and whether it had local changes), a hash of every
 * feature file and of the catalogue, the declaration, the profile and seed, the times, and the tool
 * versions. Changing a feature file changes the manifest.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Declaration } from './declaration'
import type { Matrix, RunKind } from './matrix'
import { repoRoot } from './repo-root'

export interface RunManifest {
  kind: RunKind
  suite: { name: string; version: string }
  commit: { id: string; dirty: boolean; changedFiles: string[] }
  profile: string
  seed: string
  /** The command-line arguments given to Cucumber (filters make a development run). */
  arguments: string[]
  filters: string[]
  startedAt: string
  finishedAt: string
  declaration: { file: string; sha256: string; content: Declaration }
  sha256: { features: Record<string, string>; catalogue: string; caseRequirements: string }
  versions: Record<string, string>
  scenarios: number
  cases: Matrix['totals']
  /** What a reader must know about this run before trusting it (a declaration that does not match it). */
  warnings: string[]
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString()
  } catch {
    return undefined
  }
}

export function commitState(root = repoRoot()): RunManifest['commit'] {
  const id = git(['rev-parse', 'HEAD'], root)?.trim() ?? 'unknown (not a git checkout)'
  const changedFiles = (git(['status', '--porcelain', '--untracked-files=normal'], root) ?? '')
    .split('\n').filter(Boolean).map((l) => l.slice(3))
  return { id, dirty: changedFiles.length > 0, changedFiles }
}

export function packageVersion(pkg: string, root = repoRoot()): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export interface ManifestInput {
  kind: RunKind
  profile: string
  seed: string
  arguments: string[]
  filters: string[]
  startedAt: Date
  finishedAt: Date
  declarationFile: string
  declaration: Declaration
  featureFiles: readonly string[]
  scenarios: number
  matrix: Matrix
  warnings?: string[]
}

export function buildManifest(input: ManifestInput, root = repoRoot()): RunManifest {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string }
  const hashFile = (file: string) => sha256(readFileSync(file))
  return {
    kind: input.kind,
    suite: { name: pkg.name, version: pkg.version },
    commit: commitState(root),
    profile: input.profile,
    seed: input.seed,
    arguments: input.arguments,
    filters: input.filters,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    declaration: { file: relative(root, input.declarationFile) || input.declarationFile, sha256: hashFile(input.declarationFile), content: input.declaration },
    sha256: {
      features: Object.fromEntries(input.featureFiles.map((f) => [relative(root, f) || f, hashFile(f)])),
      catalogue: hashFile(join(root, 'src/catalogue/ccv-cases.json')),
      caseRequirements: hashFile(join(root, 'src/catalogue/case-requirements.json')),
    },
    versions: {
      'Node.js': process.version,
      'Cucumber': packageVersion('@cucumber/cucumber', root),
      'Allure (commandline)': packageVersion('allure-commandline', root),
      'allure-cucumberjs': packageVersion('allure-cucumberjs', root),
    },
    scenarios: input.scenarios,
    cases: input.matrix.totals,
    warnings: input.warnings ?? [],
  }
}
