import type { Connection } from '../link/transport'
import { decodeMessage, encodeMessage, OpiDecodeError, type WireFormat } from './codec'
import { frame, FrameDecoder } from './framing'
import type { OpiMessage } from './messages'

/** What crossed the connection, for the conversation log: every message, readable or not. */
export type TrafficEvent =
  | { direction: 'sent' | 'received'; text: string; message: OpiMessage }
  | { direction: 'received'; text: string; error: OpiDecodeError }
  | { direction: 'closed'; error?: Error }

export interface OpiConnectionOptions {
  format: WireFormat
  maxFrameBytes?: number
  tap?: (event: TrafficEvent) => void
}

/**
 * OPI messages over one byte connection: framing and codec joined. A frame that decodes to garbage is
 * reported and the connection stays up (the peer gets a chance to answer with an error result); a
 * broken length prefix closes it, because nothing after it can be trusted.
 */
export class OpiConnection {
  private readonly decoder: FrameDecoder
  private messageHandler: (message: OpiMessage) => void = () => undefined
  private badMessageHandler: (error: OpiDecodeError) => void = () => undefined
  private readonly closeHandlers: ((error?: Error) => void)[] = []
  private framingFailure?: Error

  constructor(readonly connection: Connection, private readonly options: OpiConnectionOptions) {
    this.decoder = new FrameDecoder(options.maxFrameBytes)
    connection.onData((chunk) => this.receive(chunk))
    connection.onClose((error) => {
      const reason = error ?? this.framingFailure ?? this.unfinishedFrame()
      options.tap?.({ direction: 'closed', error: reason })
      for (const handler of this.closeHandlers) handler(reason)
    })
  }

  get closed(): boolean {
    return this.connection.closed
  }

  /** Bytes of a message that has begun arriving and is not complete yet. */
  get pendingBytes(): number {
    return this.decoder.pendingBytes
  }

  send(message: OpiMessage): void {
    const { bytes, text } = encodeMessage(message, this.options.format)
    this.connection.write(frame(bytes))
    this.options.tap?.({ direction: 'sent', text, message })
  }

  onMessage(handler: (message: OpiMessage) => void): void {
    this.messageHandler = handler
  }

  onBadMessage(handler: (error: OpiDecodeError) => void): void {
    this.badMessageHandler = handler
  }

  onClose(handler: (error?: Error) => void): void {
    this.closeHandlers.push(handler)
  }

  close(): void {
    this.connection.close()
  }

  /** A close in the middle of a message is a broken link, not a tidy end: say so. */
  private unfinishedFrame(): Error | undefined {
    try {
      this.decoder.end()
      return undefined
    } catch (error) {
      return error as Error
    }
  }

  private receive(chunk: Uint8Array): void {
    let frames: Uint8Array[]
    try {
      frames = this.decoder.push(chunk)
    } catch (error) {
      this.framingFailure = error as Error
      // Nothing after a broken length prefix can be read, so nothing more is: both directions end now.
      ;(this.connection.abort ?? this.connection.close).call(this.connection)
      return
    }
    for (const payload of frames) {
      // Frames that arrived with the one that made us hang up are not read: nobody can be answered.
      if (this.connection.closed) return
      let decoded
      try {
        decoded = decodeMessage(payload)
      } catch (error) {
        if (!(error instanceof OpiDecodeError)) throw error
        this.options.tap?.({ direction: 'received', text: Buffer.from(payload).toString('latin1'), error })
        this.badMessageHandler(error)
        continue
      }
      this.options.tap?.({ direction: 'received', text: decoded.text, message: decoded.message })
      this.messageHandler(decoded.message)
    }
  }
}
