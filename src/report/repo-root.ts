import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The suite's own folder (where package.json is), whether run from the sources or a build output. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'features'))) return dir
    if (dirname(dir) === dir) return process.cwd()
  }
}
