/**
 * The case could not be carried out as written, so it says nothing about the integration: reported as
 * not run, with the reason, never as passed or failed. Thrown by prompts answered "could not" or "skip",
 * prompts that timed out, and observations the bench does not have.
 */
export class CaseNotRun extends Error {
  constructor(readonly reason: string) {
    super(`not run: ${reason}`)
    this.name = 'CaseNotRun'
  }
}
