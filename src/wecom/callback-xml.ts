import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A callback body or decrypted message that is not the XML WeCom sends. */
export class MalformedXmlError extends Error {
  constructor(reason: string) {
    super(`malformed XML: ${reason}`);
    this.name = 'MalformedXmlError';
  }
}

const parser = new XMLParser({
  // Entities are never expanded (no billion-laughs) and values stay strings (MsgId is 64-bit).
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: false,
  cdataPropName: false,
});

/**
 * Parses a flat WeCom XML document (`<xml>…</xml>`) into its string fields.
 * Refuses DTDs and entity declarations outright: WeCom never sends them.
 */
export function parseWecomXml(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MalformedXmlError('DTDs and entities are not accepted');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedXmlError(valid.err.msg);
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    // The parser refuses names such as __proto__ with a plain Error: still the sender's malformed XML, not ours.
    throw new MalformedXmlError((error as Error).message);
  }
  const root = doc.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new MalformedXmlError('no <xml> root element');
  return root as Record<string, unknown>;
}

/** A field's text, or undefined; nested or repeated elements are not plain fields. */
export function field(doc: Record<string, unknown>, name: string): string | undefined {
  const value = doc[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
