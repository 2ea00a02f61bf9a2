// Old result files would show up as retries of the new run (stack recipe, P7); the report's history stays.
import { mkdirSync, rmSync } from 'node:fs'

rmSync('reports/allure-results', { recursive: true, force: true })
mkdirSync('reports', { recursive: true })
