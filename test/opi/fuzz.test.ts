import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { decodeMessage, OpiDecodeError } from '../../src/opi/codec'
import { frame, FrameDecoder, FramingError } from '../../src/opi/framing'

/**
 * Hostile or broken byte streams: mutated frames go through the FrameDecoder and the codec. Every
 * outcome must be a decoded message, a FramingError or an OpiDecodeError with a message; never another
 * exception, never a hang. Seeded, so a failure replays exactly.
 */
const ITERATIONS = 100_000
const SEED = 0x0c0ffee

/** mulberry32: tiny, fast and good enough to pick mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const GOLDEN = join(__dirname, 'golden')
const corpus = readdirSync(GOLDEN).filter((f) => f.endsWith('.xml')).map((f) => new Uint8Array(readFileSync(join(GOLDEN, f))))

type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array
const int = (random: () => number, n: number) => Math.floor(random() * n)
const randomBytes = (random: () => number, n: number) => Uint8Array.from({ length: n }, () => int(random, 256))
function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const tail = bytes.subarray(Math.min(bytes.length, at + remove))
  const out = new Uint8Array(at + insert.length + tail.length)
  out.set(bytes.subarray(0, at), 0)
  out.set(insert, at)
  out.set(tail, at + insert.length)
  return out
}

const MUTATIONS: Record<string, Mutation> = {
  'bit flips': (b, r) => {
    const out = new Uint8Array(b)
    for (let i = 1 + int(r, 8); i > 0; i--) out[int(r, out.length)] ^= 1 << int(r, 8)
    return out
  },
  truncation: (b, r) => b.subarray(0, int(r, b.length)),
  insertion: (b, r) => splice(b, int(r, b.length), 0, randomBytes(r, 1 + int(r, 16))),
  'XML punctuation': (b, r) => splice(b, int(r, b.length), int(r, 3), Buffer.from(['<', '>', '&', '"', '</', '<!DOCTYPE x [<!ENTITY e "z">]>', '&e;', '<?xml?>', ']]>', '&#0;'][int(r, 10)])),
  'wrong length prefix': (b, r) => {
    const out = new Uint8Array(b)
    const length = [0, 1, b.length - 4 + 1 + int(r, 50), Math.max(1, b.length - 4 - 1 - int(r, 50)), 0xffffffff, int(r, 2 ** 32)][int(r, 6)]
    new DataView(out.buffer).setUint32(0, length >>> 0, false)
    return out
  },
  'random bytes': (_b, r) => randomBytes(r, 1 + int(r, 64)),
}
const NAMES = Object.keys(MUTATIONS)
/** These break the stream itself; the others change the XML and are framed again. */
const STREAM_MUTATIONS = new Set(['wrong length prefix', 'random bytes'])

/** Mostly a correct prefix for the changed XML (so the codec is exercised), sometimes the original one. */
function honestOrStale(original: Uint8Array, mutated: Uint8Array, random: () => number): Uint8Array {
  if (mutated.length > 0 && random() < 0.7) return frame(mutated)
  const out = new Uint8Array(4 + mutated.length)
  new DataView(out.buffer).setUint32(0, original.length, false)
  out.set(mutated, 4)
  return out
}

describe('OPI framing and codec under fuzzing', () => {
  it(`survives ${ITERATIONS} mutated streams with a clear result each time`, () => {
    const random = prng(SEED)
    const outcomes: Record<string, number> = { decoded: 0, FramingError: 0, OpiDecodeError: 0 }
    const started = performance.now()
    for (let i = 0; i < ITERATIONS; i++) {
      const payload = corpus[int(random, corpus.length)]
      const name = NAMES[int(random, NAMES.length)]
      const stream = STREAM_MUTATIONS.has(name) ? MUTATIONS[name](frame(payload), random) : honestOrStale(payload, MUTATIONS[name](payload, random), random)
      const decoder = new FrameDecoder(64 * 1024)
      try {
        // Arrives in up to three pieces, split anywhere.
        const cut1 = int(random, stream.length + 1)
        const cut2 = cut1 + int(random, stream.length - cut1 + 1)
        const frames = [stream.subarray(0, cut1), stream.subarray(cut1, cut2), stream.subarray(cut2)].flatMap((piece) => decoder.push(piece))
        decoder.end()
        for (const payload of frames) decodeMessage(payload)
        outcomes.decoded++
      } catch (error) {
        const clear = (error instanceof FramingError || error instanceof OpiDecodeError) && error.message.length > 0
        assert.ok(clear, `iteration ${i} (${name}): unexpected ${(error as Error)?.name}: ${(error as Error)?.message}`)
        outcomes[(error).name]++
      }
    }
    const seconds = (performance.now() - started) / 1000
    console.log(`fuzz: ${ITERATIONS} streams in ${seconds.toFixed(2)} s`, outcomes)
    assert.equal(outcomes.decoded + outcomes.FramingError + outcomes.OpiDecodeError, ITERATIONS)
    assert.ok(outcomes.FramingError > 0 && outcomes.OpiDecodeError > 0 && outcomes.decoded > 0, 'every kind of outcome was exercised')
  })

  it('refuses entity declarations, also when they arrive mutated into a valid frame', () => {
    const bomb = Buffer.from('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><ServiceRequest RequestType="GetStatus" RequestID="1" WorkstationID="&lol2;"><POSdata><POSTimeStamp>x</POSTimeStamp></POSdata></ServiceRequest>')
    const [payload] = new FrameDecoder().push(frame(bomb))
    assert.throws(() => decodeMessage(payload), (e: unknown) => e instanceof OpiDecodeError && e.result === 'ParsingError' && /refused/.test(e.message))
  })
})
