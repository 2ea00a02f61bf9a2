/**
 * Noise on the line between register and terminal, as the environment of a case plays it: one byte inside
 * the closing tag of the next message with the armed root. The length prefix stays right, so the frame
 * arrives whole but is no longer well-formed XML, which is what a register must survive (T1A).
 */
export class LineNoise {
  private armedFor?: string

  /** The next `root` message (e.g. CardServiceResponse) passing this line arrives garbled. */
  garbleNext(root: string): void {
    this.armedFor = root
  }

  /** The chunk as it arrives at the far end: a garbled copy if it closes the armed message, else itself. */
  pass(chunk: Uint8Array): Uint8Array {
    if (!this.armedFor) return chunk
    const at = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).lastIndexOf(`${this.armedFor}>`)
    if (at < 0) return chunk
    this.armedFor = undefined
    const copy = new Uint8Array(chunk)
    copy[at + 1] = 'X'.charCodeAt(0)
    return copy
  }
}
