import 'allure-cucumberjs' // registers the runtime that allure-js-commons calls need (stack recipe, P5)
import { Before } from '@cucumber/cucumber'
import * as allure from 'allure-js-commons'
import { caseLabel, CCV_TAG, getCase, TERMINAL_TITLES } from '../src/catalogue/catalogue'
import { TEST_CASE_STARTED_LABEL } from '../src/report/allure-results'
import { catalogueEntryHtml } from '../src/report/case-page'

/**
 * Files every scenario under its CCV case: epic = terminal type, feature = CCV group (the Feature's
 * name), story = case title, a link to CCV's page, and the expected results we hold it to, rendered
 * at the top of the case's page. Defined first of all hooks, so even a scenario whose rig cannot be
 * assembled carries the label that finds its Cucumber verdict again (scripts/build-report.ts).
 */
Before({ name: 'file the scenario under its CCV case' }, async function ({ pickle, testCaseStartedId }) {
  await allure.label(TEST_CASE_STARTED_LABEL, testCaseStartedId)
  const ids = pickle.tags.map((t) => CCV_TAG.exec(t.name)?.[1]).filter((id): id is string => id !== undefined)
  if (ids.length !== 1) throw new Error(`scenario "${pickle.name}" must carry exactly one @ccv:<ID> tag, found ${ids.length}`)
  const entry = getCase(ids[0])
  await allure.epic(TERMINAL_TITLES[entry.terminal])
  await allure.story(caseLabel(entry))
  await allure.label('ccvCase', entry.id)
  await allure.link(entry.url, `CCV ${entry.id}: ${entry.title}${entry.urlConfirmed ? '' : ' (address inferred)'}`, 'tms')
  await allure.descriptionHtml(catalogueEntryHtml(entry))
})
