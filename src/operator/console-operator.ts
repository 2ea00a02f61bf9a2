import { createInterface } from 'node:readline/promises'
import type { Answer, Operator, OperatorPrompt, OperatorReply } from './prompts'

const ANSWERS: Record<string, Answer> = { d: 'done', done: 'done', c: 'could not', 'could not': 'could not', s: 'skip', skip: 'skip' }

/**
 * The person at the bench, at the console that runs the suite: each prompt is printed in plain words and
 * answered with d (done), c (could not) or s (skip), optionally followed by a note: "c reader is broken".
 */
export class ConsoleOperator implements Operator {
  constructor(readonly name: string, private readonly input: NodeJS.ReadableStream = process.stdin, private readonly output: NodeJS.WritableStream = process.stderr) {}

  async ask(prompt: OperatorPrompt, cancelled: AbortSignal): Promise<OperatorReply> {
    const rl = createInterface({ input: this.input, output: this.output, terminal: false })
    try {
      this.output.write(`\n>>> ${prompt.kind.toUpperCase()}: ${prompt.instruction}\n`)
      for (;;) {
        const line = (await rl.question('    answer [d]one / [c]ould not / [s]kip (a note may follow): ', { signal: cancelled })).trim()
        const [word, ...note] = line.split(/\s+/)
        const answer = ANSWERS[word?.toLowerCase() ?? '']
        if (answer) return { answer, by: this.name, note: note.join(' ') || undefined }
        this.output.write(`    "${line}" is not an answer; type d, c or s\n`)
      }
    } finally {
      rl.close()
    }
  }
}
