import { summarise, type ConversationEntry, type ConversationLog } from '../opi/conversation-log'
import type { WitnessRecord } from './wire-reader'

/** The witness's record in the shape the scenarios' wire-level Thens read. */
export function conversationEntry(record: WitnessRecord): ConversationEntry {
  const { atMs, channel, from } = record
  if (record.closed) return { atMs, channel, from, summary: record.problem ? `link broken: ${record.problem}` : 'link closed', text: '', problem: record.problem }
  if (record.message) return { atMs, channel, from, summary: summarise(record.message), text: record.text ?? '', message: record.message }
  return { atMs, channel, from, summary: `unreadable message: ${record.problem}`, text: record.text ?? '', problem: record.problem }
}

/** Feeds a conversation log from the proxy; returns a function that stops feeding it. */
export function recordInto(log: ConversationLog, subscribe: (listener: (record: WitnessRecord) => void) => () => void): () => void {
  return subscribe((record) => { log.entries.push(conversationEntry(record)) })
}
