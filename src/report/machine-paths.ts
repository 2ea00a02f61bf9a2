/**
 * Messages and stack traces in a report leave this machine: the folder the suite ran in, the user's
 * home and file:// addresses are cut to paths relative to the suite.
 */
import { homedir } from 'node:os'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function stripMachinePaths(text: string, root: string): string {
  const rootSlash = root.endsWith('/') ? root : `${root}/`
  let out = text.replace(new RegExp(`file://${escape(rootSlash)}`, 'g'), '').replace(new RegExp(escape(rootSlash), 'g'), '')
  const home = homedir()
  if (home && home !== '/') out = out.replace(new RegExp(`${escape(home)}(?=/)`, 'g'), '~')
  // Node's own frames say nothing about the integration.
  return out.split('\n').filter((line) => !/^\s+at .*\(node:internal\//.test(line) && !/^\s+at node:internal\//.test(line)).join('\n')
}
