import { createInterface } from 'node:readline/promises'
import type { Answer, Operator, OperatorPrompt, OperatorReply } from './prompts'

const ANSWERS: Record<string, Answer> = { d: 'done', done: 'done', c: 'could not', 'could not': 'could not', s: 'skip', skip: 'skip' }
/** Manual mode: "o Payment approved / 10.00 EUR" says what the POS showed instead of what the prompt stated. */
const OTHER = /^(?:o|other)\s+(.+)$/i

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
      const reading = prompt.action.do === 'read POS'
      for (;;) {
        const line = (await rl.question(reading
          ? '    answer [d]one (it showed that) / [o]ther <what it showed> / [c]ould not look / [s]kip: '
          : '    answer [d]one / [c]ould not / [s]kip (a note may follow): ', { signal: cancelled })).trim()
        const other = reading ? OTHER.exec(line) : null
        if (other) return { answer: 'done', by: this.name, observed: other[1].trim() }
        const [word, ...note] = line.split(/\s+/)
        const answer = ANSWERS[word?.toLowerCase() ?? '']
        if (answer) return { answer, by: this.name, note: note.join(' ') || undefined }
        this.output.write(`    "${line}" is not an answer; type d, ${reading ? 'o followed by what it showed, ' : ''}c or s\n`)
      }
    } finally {
      rl.close()
    }
  }
}
