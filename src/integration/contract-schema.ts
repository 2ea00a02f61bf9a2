import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020'
import { parse } from 'yaml'
import type { ContractSchemaName } from './driver-contract'

const CONTRACT_FILE = join('contracts', 'pos-driver.openapi.yaml')

/** The project's root, found from this file whether it runs as TypeScript in src/ or compiled in dist/src/. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONTRACT_FILE))) return dir
    if (dirname(dir) === dir) throw new Error(`${CONTRACT_FILE} not found above ${from}`)
  }
}

export const CONTRACT_PATH = join(projectRoot(), CONTRACT_FILE)

const SCHEMA_ID = 'https://ccv-certification.invalid/pos-driver'

interface OpenApiDocument {
  info: { version: string }
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> }
}

/** A response that does not match the contract, said so that an integrator can fix it. */
export interface SchemaVerdict {
  valid: boolean
  problems: string[]
}

/**
 * The contract's schemas, compiled once per process from the OpenAPI document itself, so the check and
 * the driver adapter can never drift from what integrators read.
 */
export class DriverContractSchemas {
  readonly document: OpenApiDocument
  private readonly ajv: Ajv2020
  private readonly compiled = new Map<string, ValidateFunction>()

  constructor(path = CONTRACT_PATH) {
    this.document = parse(readFileSync(path, 'utf8')) as OpenApiDocument
    this.ajv = new Ajv2020({ allErrors: true, strict: true })
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; "components" only holds them, so it is a known keyword.
    this.ajv.addKeyword('components')
    this.ajv.addSchema({ $id: SCHEMA_ID, components: { schemas: this.document.components.schemas } })
  }

  get version(): string {
    return this.document.info.version
  }

  get schemaNames(): string[] {
    return Object.keys(this.document.components.schemas)
  }

  validate(name: ContractSchemaName, value: unknown): SchemaVerdict {
    let validator = this.compiled.get(name)
    if (!validator) {
      if (!(name in this.document.components.schemas)) throw new Error(`the driver contract has no schema "${name}"`)
      validator = this.ajv.compile({ $ref: `${SCHEMA_ID}#/components/schemas/${name}` })
      this.compiled.set(name, validator)
    }
    const valid = validator(value)
    return { valid, problems: valid ? [] : (validator.errors ?? []).map(describeProblem) }
  }
}

function describeProblem(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the body' : error.instancePath
  const detail = error.keyword === 'additionalProperties' ? ` ("${String(error.params.additionalProperty)}")`
    : error.keyword === 'enum' ? ` (one of ${(error.params.allowedValues as unknown[]).join(', ')})` : ''
  return `${where} ${error.message ?? 'is invalid'}${detail}`
}
