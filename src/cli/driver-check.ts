import { parseArgs } from 'node:util'
import { parseDecimal, type Money } from '../opi/money'
import { ConformanceCheck, type CheckResult, type ConformanceOptions } from '../integration/conformance'
import { DRIVER_CONTRACT_VERSION } from '../integration/driver-contract'
import { UsageError, commandOrExit, parseWhole, usageErrorFrom } from './cli-args'

export const DRIVER_CHECK_HELP = `driver-check: does your POS answer the driver contract (contracts/pos-driver.openapi.yaml, ${DRIVER_CONTRACT_VERSION})?

Usage: npm run -s driver:check -- --url <url> [options]        (or: node bin/driver-check.cjs ...)

  --url <url>               your POS's driver endpoint, e.g. http://127.0.0.1:8080 (required)
  --timeout <ms>            each HTTP call gives up after this long (default 5000)
  --payment-timeout <s>     how long a payment, refund or restart may take to conclude (default 120)
  --amount <amount>         the one payment and refund the check makes (default 1.00 EUR)
  --read-only               read and send refused requests only: no payment, refund, reversal,
                            period closing or restart
  --terminal-control <url>  the simulated terminal's control channel (e.g. http://127.0.0.1:4180): the
                            check holds the cardholder back once to press Abort during a payment
  --help                    this text

Run it with your POS connected to the simulated terminal (npm run -s terminal) and nobody else at the
till: it makes one payment, one refund, one reversal, closes the period and restarts the POS. Every check
is named with passed, failed (and why) or skipped. Answers are held to the contract's JSON schemas.
Exit codes: 0 every check passed or was skipped, 1 some check failed, 2 bad command line.
`

export type DriverCheckCommand = { help: true } | { help: false; options: ConformanceOptions }

export function parseDriverCheckArgs(argv: string[]): DriverCheckCommand {
  let values
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        url: { type: 'string' }, timeout: { type: 'string' }, 'payment-timeout': { type: 'string' }, amount: { type: 'string' },
        'read-only': { type: 'boolean' }, 'terminal-control': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw usageErrorFrom(error)
  }
  if (values.help) return { help: true }
  if (!values.url) throw new UsageError('--url is needed: where your POS answers the driver contract, e.g. --url http://127.0.0.1:8080')
  for (const [option, url] of [['--url', values.url], ['--terminal-control', values['terminal-control']]] as const) {
    if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) throw new UsageError(`${option} must be an http:// or https:// address, not "${url}"`)
  }
  return {
    help: false,
    options: {
      baseUrl: values.url,
      timeoutMs: values.timeout === undefined ? 5000 : parseWhole(values.timeout, '--timeout', 100, 600_000),
      operationTimeoutMs: 1000 * (values['payment-timeout'] === undefined ? 120 : parseWhole(values['payment-timeout'], '--payment-timeout', 1, 3600)),
      amount: parseCheckAmount(values.amount ?? '1.00'),
      readOnly: values['read-only'] ?? false,
      terminalControl: values['terminal-control'],
    },
  }
}

function parseCheckAmount(text: string): Money {
  if (!/^\d{1,7}\.\d{2}$/.test(text)) throw new UsageError(`--amount must be an amount with two decimals such as 1.00, not "${text}"`)
  const amount = parseDecimal(text)
  if (amount.minor === 0) throw new UsageError('--amount must be above 0.00')
  return amount
}

const MARK = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const

export function describeResult(result: CheckResult): string {
  return `${MARK[result.verdict]}  ${result.name}${result.detail ? `\n      ${result.detail}` : ''}`
}

/** One line per part of the contract, then the totals: which parts the POS implements correctly. */
export function summary(results: CheckResult[]): string {
  const count = (of: CheckResult[], verdict: CheckResult['verdict']) => of.filter((r) => r.verdict === verdict).length
  const parts = [...new Set(results.map((r) => r.part))].map((part) => {
    const of = results.filter((r) => r.part === part)
    const verdict = count(of, 'failed') > 0 ? 'NOT conforming' : count(of, 'passed') === 0 ? 'not checked' : count(of, 'skipped') > 0 ? 'conforming in what was checked' : 'conforming'
    return `  ${part}: ${verdict} (${count(of, 'passed')} passed, ${count(of, 'failed')} failed, ${count(of, 'skipped')} skipped)`
  })
  return [...parts, `${count(results, 'passed')} passed, ${count(results, 'failed')} failed, ${count(results, 'skipped')} skipped (of ${results.length} checks)`].join('\n')
}

export async function main(argv: string[]): Promise<void> {
  const command = commandOrExit('driver-check', argv, parseDriverCheckArgs, DRIVER_CHECK_HELP)
  if (!command) return
  process.stdout.write(`driver-check: ${command.options.baseUrl} against the driver contract ${DRIVER_CONTRACT_VERSION}\n`)
  const results = await new ConformanceCheck(command.options).run((result) => process.stdout.write(`${describeResult(result)}\n`))
  process.stdout.write(`${summary(results)}\n`)
  process.exitCode = results.some((r) => r.verdict === 'failed') ? 1 : 0
}

if (require.main === module) void main(process.argv.slice(2))
