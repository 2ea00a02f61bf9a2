import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { frame, FrameDecoder, FramingError } from '../../src/opi/framing'

const bytes = (...values: number[]) => Uint8Array.from(values)
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'))

describe('OPI framing', () => {
  it('prefixes the payload with its length as 4 big-endian bytes', () => {
    assert.deepEqual(frame(ascii('<a/>')), bytes(0x00, 0x00, 0x00, 0x04, 0x3c, 0x61, 0x2f, 0x3e))
  })

  it('counts bytes, not characters', () => {
    const euro = Uint8Array.from(Buffer.from('€', 'utf8'))
    assert.deepEqual(frame(euro).subarray(0, 4), bytes(0, 0, 0, 3))
  })

  it('writes lengths above 255 across the header bytes', () => {
    assert.deepEqual(frame(new Uint8Array(0x01a3)).subarray(0, 4), bytes(0x00, 0x00, 0x01, 0xa3))
  })

  it('reassembles a frame delivered one byte at a time', () => {
    const decoder = new FrameDecoder()
    const wire = frame(ascii('<CardServiceRequest/>'))
    const out: Uint8Array[] = []
    for (const b of wire) out.push(...decoder.push(bytes(b)))
    assert.deepEqual(out.map((f) => Buffer.from(f).toString('latin1')), ['<CardServiceRequest/>'])
    assert.equal(decoder.pendingBytes, 0)
  })

  it('splits two frames glued into one read', () => {
    const decoder = new FrameDecoder()
    const wire = Buffer.concat([frame(ascii('<a/>')), frame(ascii('<bb/>'))])
    assert.deepEqual(decoder.push(wire).map((f) => Buffer.from(f).toString('latin1')), ['<a/>', '<bb/>'])
  })

  it('keeps a partial second frame until the rest arrives', () => {
    const decoder = new FrameDecoder()
    const wire = Buffer.concat([frame(ascii('<a/>')), frame(ascii('<bb/>'))])
    assert.equal(decoder.push(wire.subarray(0, 10)).length, 1)
    assert.equal(decoder.pendingBytes, 2)
    assert.deepEqual(decoder.push(wire.subarray(10)).map((f) => Buffer.from(f).toString('latin1')), ['<bb/>'])
  })

  it('refuses a zero length prefix and stays failed', () => {
    const decoder = new FrameDecoder()
    assert.throws(() => decoder.push(bytes(0, 0, 0, 0)), (e) => e instanceof FramingError && /zero/.test(e.message))
    assert.throws(() => decoder.push(frame(ascii('<a/>'))), FramingError)
  })

  it('refuses an absurd length prefix before buffering anything', () => {
    const decoder = new FrameDecoder(1024)
    assert.throws(() => decoder.push(bytes(0x7f, 0xff, 0xff, 0xff)), (e) => e instanceof FramingError && /above the limit/.test(e.message))
  })

  it('refuses to send an empty frame', () => {
    assert.throws(() => frame(new Uint8Array(0)), FramingError)
  })
})

describe('framing: any split of a stream gives the same frames', () => {
  it('reassembles arbitrary payloads cut at arbitrary points', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p) => frame(p)))
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b)
        const decoder = new FrameDecoder()
        const frames: Uint8Array[] = []
        let from = 0
        for (const to of [...points, stream.length]) {
          frames.push(...decoder.push(stream.subarray(from, to)))
          from = to
        }
        decoder.end()
        assert.deepEqual(frames.map((f) => Buffer.from(f).toString('hex')), payloads.map((p) => Buffer.from(p).toString('hex')))
      },
    ), { seed: 42, numRuns: 300 })
  })
})
