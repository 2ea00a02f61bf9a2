/**
 * The capability declaration (certification.yaml): who is certified, against what, by whom, and what
 * the integration supports. Read with a real YAML parser and checked against the JSON schema, so every
 * mistake is reported with its file and field before anything runs.
 */
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { repoRoot } from './repo-root'

export type Capability = boolean | { supported: boolean; reason: string }

export interface Declaration {
  integration: { name: string; version: string; vendor: string }
  terminal: { simulated: boolean; model?: string; firmware?: string; serial?: string; dialect: 'OPI-NL' | 'OPI-DE' }
  tester: { name: string; organisation: string; email?: string }
  testCards: string
  terminalTypes: Record<string, Capability>
  features: Record<string, Capability>
  languages?: string[]
}

export class DeclarationError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file} is not a valid capability declaration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

export const SCHEMA_FILE = 'certification.schema.json'
export const DEFAULT_DECLARATION = 'certification.yaml'

let validator: ReturnType<Ajv2020['compile']> | undefined
function validate(value: unknown) {
  validator ??= new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(repoRoot(), SCHEMA_FILE), 'utf8')))
  return { valid: validator(value), errors: validator.errors ?? [] }
}

const field = (path: string) => path.replace(/^\//, '').replace(/\//g, '.') || '(top level)'

function describe(e: ErrorObject): string | undefined {
  const at = field(e.instancePath)
  switch (e.keyword) {
    case 'required':
      return `${at === '(top level)' ? '' : `${at}.`}${String(e.params.missingProperty)}: missing (required)`
    case 'additionalProperties':
      return `${at === '(top level)' ? '' : `${at}.`}${String(e.params.additionalProperty)}: unknown field (see ${SCHEMA_FILE} for the fields)`
    case 'enum':
      return `${at}: must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`
    case 'oneOf':
      return `${at}: must be true, false, or { supported: true|false, reason: "..." }`
    case 'if':
      return undefined // the "then" branch's own error says what is missing
    case 'pattern':
      return `${at}: ${at.endsWith('email') ? 'is not an e-mail address' : at.startsWith('languages') ? 'must be a two-letter language code such as nl' : 'must not be empty'}`
    case 'minLength':
      return `${at}: must not be empty`
    default:
      return `${at}: ${e.message ?? 'is not valid'}`
  }
}

/** Checks a parsed declaration; `file` names it in the errors. */
export function checkDeclaration(value: unknown, file: string): Declaration {
  const { valid, errors } = validate(value)
  if (valid) return value as Declaration
  // oneOf reports each branch too; the summary line per field is enough.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath))
  const problems = errors
    .filter((e) => e.keyword === 'oneOf' || ![...oneOfPaths].some((p) => e.instancePath.startsWith(p) && e.schemaPath.includes('/oneOf/')))
    .map(describe)
    .filter((p): p is string => p !== undefined)
  throw new DeclarationError(file, [...new Set(problems)])
}

export function parseDeclaration(text: string, file: string): Declaration {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length) {
    throw new DeclarationError(file, doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}, column ${e.linePos?.[0].col ?? '?'}: ${e.message.split('\n')[0]}`))
  }
  return checkDeclaration(doc.toJS(), file)
}

export function loadDeclaration(file: string): Declaration {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new DeclarationError(file, [`cannot be read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`])
  }
  return parseDeclaration(text, file)
}

export function isSupported(c: Capability | undefined): boolean {
  return c === true || (typeof c === 'object' && c.supported)
}

export function declaredReason(c: Capability | undefined): string | undefined {
  return typeof c === 'object' ? c.reason : undefined
}

/** How the certified terminal is named in the report: "simulated (OPI-NL)" or model, firmware, serial. */
export function terminalDescription(d: Declaration): string {
  const t = d.terminal
  return t.simulated ? `simulated CCV terminal, ${t.dialect}` : `${t.model}, firmware ${t.firmware}, serial ${t.serial}, ${t.dialect}`
}
