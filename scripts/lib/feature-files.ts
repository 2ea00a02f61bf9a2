/** Reads the feature files with Cucumber's own parser, so Rule:, outlines and tag inheritance behave as at run time. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin'
import { IdGenerator, type Feature, type GherkinDocument, type Pickle, type Scenario } from '@cucumber/messages'

export interface ParsedFeature {
  file: string
  document?: GherkinDocument
  parseError?: string
  /** Every scenario with its line, including those inside a Rule. */
  scenarios: { scenario: Scenario; rule?: string }[]
  /** One per scenario, or per example row: tags inherited from Feature, Rule and Examples. */
  pickles: readonly Pickle[]
}

export function featureFiles(root = 'features'): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.feature'))
    .map((f) => join(root, f))
    .sort()
}

function scenariosOf(feature: Feature): ParsedFeature['scenarios'] {
  return feature.children.flatMap((child) => {
    if (child.scenario) return [{ scenario: child.scenario }]
    if (child.rule) return child.rule.children.flatMap((rc) => (rc.scenario ? [{ scenario: rc.scenario, rule: child.rule!.name }] : []))
    return []
  })
}

export function parseFeature(file: string): ParsedFeature {
  const newId = IdGenerator.incrementing()
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher())
  try {
    const document = parser.parse(readFileSync(file, 'utf8'))
    const feature = document.feature
    return {
      file, document,
      scenarios: feature ? scenariosOf(feature) : [],
      pickles: feature ? compile(document, file, newId) : [],
    }
  } catch (error) {
    return { file, parseError: (error as Error).message, scenarios: [], pickles: [] }
  }
}

export function parseAllFeatures(root = 'features'): ParsedFeature[] {
  return featureFiles(root).map(parseFeature)
}

/** The scenario (from the document) a pickle was compiled from. */
export function scenarioOfPickle(parsed: ParsedFeature, pickle: Pickle): Scenario | undefined {
  return parsed.scenarios.find((s) => pickle.astNodeIds.includes(s.scenario.id))?.scenario
}
