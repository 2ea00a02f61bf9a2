import { setDefinitionFunctionWrapper } from '@cucumber/cucumber'
import { CaseNotRun } from '../src/operator/not-run'
import { NOT_RUN_REASON_MEDIA_TYPE } from '../src/report/run-verdicts'

type Definition = (this: { attach(data: string, mediaType: string): void | Promise<void> }, ...args: unknown[]) => unknown

/**
 * A step that cannot be carried out on this bench (a prompt answered "could not" or "skip", a prompt
 * that timed out, an observation the bench does not have) ends the scenario as skipped, with the
 * reason attached: not run, never passed and never failed. Every other error goes through unchanged.
 */
setDefinitionFunctionWrapper((definition: Definition) => {
  const wrapped = async function (this: ThisParameterType<Definition>, ...args: unknown[]): Promise<unknown> {
    try {
      return await definition.apply(this, args)
    } catch (error) {
      if (!(error instanceof CaseNotRun)) throw error
      // The report reads this media type as the reason the case did not run (src/report/run-verdicts.ts).
      await this.attach(error.reason, NOT_RUN_REASON_MEDIA_TYPE)
      return 'skipped'
    }
  }
  // Cucumber reads a definition's arity to tell data tables and callbacks apart.
  Object.defineProperty(wrapped, 'length', { value: definition.length })
  return wrapped
})
