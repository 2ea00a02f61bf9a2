/**
 * Bytes <-> XML element trees, on fast-xml-parser. Knows about encodings and XML safety, nothing
 * about OPI: element names stay names, values stay strings.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'

export type XmlEncoding = 'UTF-8' | 'ISO-8859-1'

/** One element: attributes under '@Name', text under '#text', children by local name. */
export interface XmlElement {
  [key: string]: string | XmlElement | XmlElement[] | undefined
}

export interface XmlDocument {
  root: string
  element: XmlElement
  /** The document as text, decoded by its declared encoding: what a person should read in a report. */
  text: string
  encoding: XmlEncoding
}

/** Something that cannot be read as XML at all. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'XmlSyntaxError'
  }
}

/** Elements that may repeat; always parsed as arrays so one and many read alike. */
const REPEATING = new Set(['TextLine', 'Output', 'TotalAmount', 'CardCircuit'])

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATING.has(name),
})

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
})

const DECLARED_ENCODING = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/

function encodingOf(bytes: Uint8Array): XmlEncoding {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1')
  const declared = DECLARED_ENCODING.exec(head)?.[1]?.toUpperCase()
  if (declared === undefined || declared === 'UTF-8' || declared === 'UTF8' || declared === 'US-ASCII') return 'UTF-8'
  if (declared === 'ISO-8859-1' || declared === 'LATIN1' || declared === 'ISO8859-1') return 'ISO-8859-1'
  throw new XmlSyntaxError(`unsupported declared encoding "${declared}" (UTF-8 and ISO-8859-1 are understood)`)
}

function decodeText(bytes: Uint8Array, encoding: XmlEncoding): string {
  if (encoding === 'ISO-8859-1') return Buffer.from(bytes).toString('latin1')
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new XmlSyntaxError('the message is declared UTF-8 but its bytes are not valid UTF-8')
  }
}

/** Reads one XML document. Refuses DTDs outright, so no entity can ever be expanded. */
export function parseXml(bytes: Uint8Array): XmlDocument {
  const encoding = encodingOf(bytes)
  const text = decodeText(bytes, encoding)
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlSyntaxError('document type declarations and entities are refused')
  let tree: Record<string, unknown>
  try {
    const valid = XMLValidator.validate(text)
    if (valid !== true) throw new XmlSyntaxError(`not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`)
    tree = parser.parse(text) as Record<string, unknown>
  } catch (error) {
    // The parser throws plain Errors for some input its validator lets through (found by fuzzing).
    if (error instanceof XmlSyntaxError) throw error
    throw new XmlSyntaxError(`not well-formed XML: ${(error as Error).message}`)
  }
  const roots = Object.keys(tree).filter((k) => !k.startsWith('?') && !k.startsWith('#'))
  if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`)
  const element = tree[roots[0]]
  return { root: roots[0], element: (typeof element === 'object' && element !== null ? element : {}) as XmlElement, text, encoding }
}

/** Characters Latin-1 cannot carry become '?', never a silently different byte. */
function encodeText(text: string, encoding: XmlEncoding): Uint8Array {
  if (encoding === 'UTF-8') return Buffer.from(text, 'utf8')
  return Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1')
}

export function buildXml(root: string, element: XmlElement, encoding: XmlEncoding): { bytes: Uint8Array; text: string } {
  const body = builder.build({ [root]: element })
  const text = `<?xml version="1.0" encoding="${encoding}"?>\n${body.trimEnd()}\n`
  return { bytes: encodeText(text, encoding), text }
}
