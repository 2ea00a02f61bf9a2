import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { describeEndpoint, type Endpoint } from '../link/transport'
import { DIALECTS, type Dialect } from '../opi/dialect'
import { OpiProxy, type OpiProxyOptions } from '../proxy/opi-proxy'
import { conversationEntry } from '../proxy/witness-log'
import { redactCardNumbers } from '../report/redact'
import { UsageError, commandOrExit, oneOf, parseEndpoint, usageErrorFrom } from './cli-args'

export const PROXY_HELP = `ccv-proxy: a recording witness between a register and a CCV terminal, on both OPI channels

Usage: node bin/ccv-proxy.cjs --terminal <host:port> --ecr <host:port> [options]

  --terminal <host:port>    the terminal's request port, channel 0 (required)
  --ecr <host:port>         the register's device port, channel 1 (required)
  --listen <[host:]port>    where the register connects instead of the terminal (default 127.0.0.1 and
                            the dialect's request port: 4100 for nl, 20002 for de)
  --devices <[host:]port>   where the terminal connects instead of the register: configure this address
                            in the terminal as the ECR's device port (default 127.0.0.1 and 4102 / 20007)
  --lane <ws>=<[host:]port>,<host:port>
                            another register at the same terminal, workstation <ws>: where the terminal
                            calls that workstation (configure it in the terminal), then that register's
                            device port; once per further register, e.g. --lane LANE-2=4112,192.168.1.21:4102
  --dialect <nl|de>         only for the default ports (default nl)
  --record <file>           also append every message as one JSON line (masked card numbers)
  --help                    this text

Every byte is forwarded unchanged. Each message is printed with its wall-clock time, channel and sender;
a message the proxy cannot read is forwarded and reported. Listens on loopback unless told otherwise.
Ctrl-C stops the proxy.
`

export type ProxyCommand = { help: true } | { help: false; options: OpiProxyOptions & { terminal: Endpoint; ecrDevices: Endpoint; lanes: Record<string, { devices: Endpoint; ecrDevices: Endpoint }> }; record?: string }

export function parseProxyArgs(argv: string[]): ProxyCommand {
  let values
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        terminal: { type: 'string' }, ecr: { type: 'string' }, listen: { type: 'string' }, devices: { type: 'string' },
        dialect: { type: 'string' }, record: { type: 'string' }, lane: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw usageErrorFrom(error)
  }
  if (values.help) return { help: true }
  if (!values.terminal) throw new UsageError('--terminal <host:port> is required: where the terminal takes requests')
  if (!values.ecr) throw new UsageError('--ecr <host:port> is required: where the register takes device requests')
  const opi = DIALECTS[oneOf(values.dialect ?? 'nl', '--dialect', Object.keys(DIALECTS) as Dialect['name'][])]
  return {
    help: false,
    record: values.record,
    options: {
      terminal: parseEndpoint(values.terminal, '--terminal', '127.0.0.1'),
      ecrDevices: parseEndpoint(values.ecr, '--ecr', '127.0.0.1'),
      listen: parseEndpoint(values.listen ?? String(opi.channel0Port), '--listen', '127.0.0.1'),
      devices: parseEndpoint(values.devices ?? String(opi.channel1Port), '--devices', '127.0.0.1'),
      lanes: parseLanes(values.lane ?? []),
    },
  }
}

function parseLanes(specs: string[]): Record<string, { devices: Endpoint; ecrDevices: Endpoint }> {
  const lanes: Record<string, { devices: Endpoint; ecrDevices: Endpoint }> = {}
  for (const spec of specs) {
    const m = /^([^=\s]+)=([^,\s]+),(\S+)$/.exec(spec)
    if (!m) throw new UsageError(`--lane ${spec}: give <workstation>=<[host:]port the terminal calls>,<register host:port>, e.g. LANE-2=4112,192.168.1.21:4102`)
    if (Object.hasOwn(lanes, m[1])) throw new UsageError(`--lane names workstation ${m[1]} twice`)
    lanes[m[1]] = { devices: parseEndpoint(m[2], `--lane ${m[1]}`, '127.0.0.1'), ecrDevices: parseEndpoint(m[3], `--lane ${m[1]}`, '127.0.0.1') }
  }
  return lanes
}

export async function main(argv: string[]): Promise<void> {
  const command = commandOrExit('ccv-proxy', argv, parseProxyArgs, PROXY_HELP)
  if (!command) return
  const proxy = new OpiProxy(command.options)
  const record = command.record
  proxy.onRecord((witnessed) => {
    const entry = conversationEntry(witnessed)
    const time = new Date(entry.atMs).toISOString().slice(11, 23)
    process.stdout.write(redactCardNumbers(`${time}  ch${entry.channel} ${entry.from.padEnd(8)} ${entry.summary}\n`))
    if (record) appendFileSync(record, `${redactCardNumbers(JSON.stringify({ ...entry, at: new Date(entry.atMs).toISOString() }))}\n`)
  })
  let bound
  try {
    bound = await proxy.start()
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    process.stderr.write(`ccv-proxy: cannot start: ${e.message}${e.code === 'EADDRINUSE' ? ': another program uses that port; choose another with --listen or --devices' : ''}\n`)
    await proxy.stop()
    process.exit(1)
  }
  process.stdout.write(`registers connect at ${describeEndpoint(bound.channel0)} (for the terminal at ${describeEndpoint(command.options.terminal)})\n`)
  process.stdout.write(`the terminal connects at ${describeEndpoint(bound.devices)} (for the register at ${describeEndpoint(command.options.ecrDevices)})\n`)
  for (const [workstation, at] of Object.entries(bound.lanes)) {
    process.stdout.write(`the terminal connects for workstation ${workstation} at ${describeEndpoint(at)} (for its register at ${describeEndpoint(command.options.lanes[workstation].ecrDevices)})\n`)
  }
  const shutdown = () => { void proxy.stop().then(() => process.exit(0)) }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

if (require.main === module) void main(process.argv.slice(2))
