import type { Clock } from '../clock/clock'
import { decodeMessage } from '../opi/codec'
import type { Channel, Party } from '../opi/conversation-log'
import { FrameDecoder } from '../opi/framing'
import type { OpiMessage } from '../opi/messages'

/** One thing the witness saw pass: a message, an unreadable frame, or the connection closing. */
export interface WitnessRecord {
  /** Wall-clock milliseconds when the bytes passed the proxy. */
  atMs: number
  channel: Channel
  from: Party
  message?: OpiMessage
  /** The XML as it passed, decoded by its declared encoding; raw bytes are never changed. */
  text?: string
  /** Why the bytes could not be read as OPI, or why the link closed. */
  problem?: string
  closed?: boolean
  /** The workstation whose register this connection serves, once the witness knows it. */
  workstation?: string
}

/**
 * Reads one direction of one connection as OPI frames, for the record only. A broken length prefix
 * leaves the rest of that direction unreadable (the bytes are still forwarded by the proxy): it is
 * recorded once, and nothing more is decoded on that direction.
 */
export class WireReader {
  private readonly frames = new FrameDecoder()
  private failed = false

  constructor(private readonly channel: Channel, private readonly from: Party, private readonly clock: Clock, private readonly emit: (record: WitnessRecord) => void) {}

  read(chunk: Uint8Array): void {
    if (this.failed) return
    let frames: Uint8Array[]
    try {
      frames = this.frames.push(chunk)
    } catch (error) {
      this.fail(error as Error)
      return
    }
    for (const bytes of frames) this.emit(this.decode(bytes))
  }

  end(): void {
    if (this.failed) return
    try {
      this.frames.end()
    } catch (error) {
      this.fail(error as Error)
    }
  }

  private decode(bytes: Uint8Array): WitnessRecord {
    const atMs = this.clock.now()
    try {
      const { message, text } = decodeMessage(bytes)
      return { atMs, channel: this.channel, from: this.from, message, text }
    } catch (error) {
      return { atMs, channel: this.channel, from: this.from, text: Buffer.from(bytes).toString('utf8'), problem: (error as Error).message }
    }
  }

  private fail(error: Error): void {
    this.failed = true
    this.emit({ atMs: this.clock.now(), channel: this.channel, from: this.from, problem: `${error.message}; the rest of this connection is forwarded unread` })
  }
}
