/**
 * Soak benchmark of the simulated terminal server (not in CI): N card payments, one after another,
 * from an OPI client over loopback TCP on wall-clock time. Every 100 payments it prints throughput,
 * latency percentiles and the process's resident memory, so a leak or a slowdown shows as a trend.
 *
 *   npm run bench:soak                 # 1000 payments
 *   npm run bench:soak -- --payments 5000
 */
import { parseArgs } from 'node:util'
import { isoTimestamp } from '../src/clock/clock'
import { SystemClock } from '../src/clock/system-clock'
import { startTerminalServer } from '../src/cli/terminal-server'
import { OpiClient } from '../src/ecr/opi-client'
import { TcpTransport } from '../src/link/tcp-transport'
import { DIALECTS } from '../src/opi/dialect'
import { money } from '../src/opi/money'

const HELP = `bench:soak: N card payments against the simulated terminal server over loopback

Usage: npm run bench:soak -- [--payments <n>] [--every <n>]
  --payments <n>   how many payments (default 1000)
  --every <n>      print a line every n payments (default 100)
`

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { payments: { type: 'string' }, every: { type: 'string' }, help: { type: 'boolean' } } })
  if (values.help) return void process.stdout.write(HELP)
  const payments = Number(values.payments ?? 1000)
  const every = Number(values.every ?? 100)
  if (!Number.isInteger(payments) || payments < 1 || !Number.isInteger(every) || every < 1) throw new Error('--payments and --every must be whole numbers above zero')

  const clock = new SystemClock()
  const transport = new TcpTransport()
  const devices = await transport.reserve()
  const server = await startTerminalServer({
    listen: { host: '127.0.0.1', port: 0 }, ecr: devices, dialect: 'nl', seed: 1, cardholder: true, cardholderDelayMs: 0,
    card: 'maestro', entry: 'contactless', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs: 0,
    limits: { maxConnections: 64 },
  }, () => undefined, clock)
  server.terminal.settings.cancelledScreenMs = 0
  const client = new OpiClient({ transport, clock, terminal: server.channel0, deviceListener: devices, format: DIALECTS.nl.format, responseTimeoutMs: 30_000 }, (request) =>
    Promise.resolve({
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success',
      outputs: request.outputs.map((o) => ({ target: o.target, outResult: 'Success' })),
      input: request.input && { target: request.input.target, inResult: 'Success', value: { boolean: true } },
    } as const))
  await client.start()

  const latencies: number[] = []
  let failed = 0
  const started = performance.now()
  let windowStart = started
  process.stdout.write(`${'payments'.padStart(8)} ${'per s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'RSS MB'.padStart(7)}\n`)
  for (let n = 1; n <= payments; n++) {
    const t0 = performance.now()
    // 10.00 EUR contactless: under the PIN limit, so each payment is card tap, host, receipt.
    const answer = await client.request({
      kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: String(n), workstationId: 'SOAK',
      posData: { posTimeStamp: isoTimestamp(Date.now()), printerStatus: 'Available' }, totalAmount: money(1000),
    })
    latencies.push(performance.now() - t0)
    if (answer.overallResult !== 'Success') failed++
    if (n % every === 0 || n === payments) {
      const now = performance.now()
      const sorted = [...latencies].sort((a, b) => a - b)
      const rate = (n % every === 0 ? every : n % every) / ((now - windowStart) / 1000)
      windowStart = now
      process.stdout.write(`${String(n).padStart(8)} ${rate.toFixed(1).padStart(7)} ${percentile(sorted, 50).toFixed(1).padStart(7)} ${percentile(sorted, 95).toFixed(1).padStart(7)} ${percentile(sorted, 99).toFixed(1).padStart(7)} ${(process.memoryUsage().rss / 2 ** 20).toFixed(0).padStart(7)}\n`)
    }
  }
  const seconds = (performance.now() - started) / 1000
  process.stdout.write(`${payments} payments in ${seconds.toFixed(1)} s (${(payments / seconds).toFixed(1)}/s), ${failed} not approved; host approved ${server.terminal.host.approvedTotal() / 100} EUR\n`)
  await client.stop()
  await server.stop()
  await transport.releaseReservations()
}

main().then(() => process.exit(0), (error: Error) => {
  process.stderr.write(`bench:soak: ${error.message}\n`)
  process.exit(1)
})
