import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Endpoint } from '../src/link/transport'
import type { PosConfig } from '../src/integration/pos-config'

/** An integrator's POS as its own process, started by its config's command and its two-line handshake. */
export class PosProcess {
  private constructor(private readonly child: ChildProcess, readonly devices: Endpoint, readonly driverUrl: string, readonly output: string[]) {}

  /** Starts the POS and tells it where the terminal is (the witness); its ports are the ones it bound and printed. */
  static start(config: PosConfig, terminal: Endpoint): Promise<PosProcess> {
    const [command, ...args] = config.start
    const child = spawn(command, args, { cwd: config.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    const output: string[] = []
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString().trimEnd()))
    return new Promise((resolve, reject) => {
      let devices: Endpoint | undefined
      const failed = (why: string) => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(new Error(`the POS (${config.start.join(' ')}) ${why}${output.length ? `; it said:\n${output.join('\n')}` : ''}`))
      }
      const timer = setTimeout(() => failed(`did not finish its handshake within ${config.startTimeoutMs} ms (expected "devices HOST:PORT", then "driver URL")`), config.startTimeoutMs)
      child.once('error', (error) => failed(`could not be started: ${error.message}`))
      child.once('exit', (code, signal) => failed(`exited during start-up (${signal ?? code})`))
      child.stdin.on('error', () => undefined)
      createInterface({ input: child.stdout }).on('line', (line) => {
        output.push(line)
        const bound = /^devices (\S+):(\d+)$/.exec(line)
        if (bound && !devices) {
          devices = { host: bound[1], port: Number(bound[2]) }
          child.stdin.end(`${terminal.host}:${terminal.port}\n`)
        }
        const driver = /^driver (\S+)$/.exec(line)
        if (driver && devices) {
          clearTimeout(timer)
          child.removeAllListeners('exit')
          child.removeAllListeners('error')
          resolve(new PosProcess(child, devices, driver[1], output))
        }
      })
    })
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill('SIGTERM')
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(killer)
  }
}
