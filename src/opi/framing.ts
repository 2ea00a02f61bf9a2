/**
 * OPI framing: every message is a 4-byte unsigned big-endian length of the XML bytes that follow.
 * Reads arrive in arbitrary pieces, so the decoder buffers until whole frames are present.
 */
export const HEADER_BYTES = 4
/** Far above any real OPI message; a larger prefix means the stream is out of step or hostile. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024

export class FramingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FramingError'
  }
}

export function frame(payload: Uint8Array): Uint8Array {
  if (payload.length === 0) throw new FramingError('refusing to send an empty frame')
  const out = new Uint8Array(HEADER_BYTES + payload.length)
  new DataView(out.buffer).setUint32(0, payload.length, false)
  out.set(payload, HEADER_BYTES)
  return out
}

/**
 * Reassembles frames from a byte stream. After a FramingError the stream cannot be trusted again, so
 * the decoder stays failed and the owner must close the connection.
 */
export class FrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0)
  private failure?: FramingError

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Adds received bytes and returns every frame now complete, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure) throw this.failure
    // Copies, never views: a Buffer's slice shares memory with the caller's buffer.
    this.buffer = this.buffer.length === 0 ? new Uint8Array(chunk) : concat(this.buffer, chunk)
    const frames: Uint8Array[] = []
    while (this.buffer.length >= HEADER_BYTES) {
      const length = new DataView(this.buffer.buffer, this.buffer.byteOffset, HEADER_BYTES).getUint32(0, false)
      if (length === 0 || length > this.maxFrameBytes) {
        this.failure = new FramingError(length === 0
          ? 'received a frame whose length prefix is zero'
          : `received a length prefix of ${length} bytes, above the limit of ${this.maxFrameBytes}`)
        this.buffer = new Uint8Array(0)
        throw this.failure
      }
      if (this.buffer.length < HEADER_BYTES + length) break
      frames.push(new Uint8Array(this.buffer.subarray(HEADER_BYTES, HEADER_BYTES + length)))
      this.buffer = this.buffer.subarray(HEADER_BYTES + length)
    }
    return frames
  }

  /**
   * The stream has ended: a frame still incomplete is an error now, since no more bytes can come
   * (a wrong length prefix that promised more than was sent ends here rather than waiting forever).
   */
  end(): void {
    if (this.failure) throw this.failure
    if (this.buffer.length > 0) {
      const held = this.buffer.length
      this.buffer = new Uint8Array(0)
      this.failure = new FramingError(`the stream ended inside a frame (${held} bytes of an incomplete message)`)
      throw this.failure
    }
  }

  /** Bytes of a frame still incomplete: non-zero when a connection closes mid-message. */
  get pendingBytes(): number {
    return this.buffer.length
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}
