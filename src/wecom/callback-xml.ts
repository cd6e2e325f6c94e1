/*
 * The subset of XML that WeCom sends, and nothing else: an optional `<?xml …?>` declaration, one `<xml>` root,
 * elements without attributes holding either text (plain or CDATA) or further elements. A general parser was
 * the largest cost of the acknowledgement; WeCom's messages need none of its generality, and what it would
 * accept beyond them is only attack surface:
 * - no DTD, no entity declaration, no comment, no processing instruction (`<!…>` other than CDATA, `<?…?>`
 *   other than the declaration): no billion laughs, no external entities;
 * - references are left as written (`&lt;b&gt;` stays so): nothing is ever expanded; outside CDATA an `&` must
 *   start one of XML's five predefined references or a character reference (no DTD can declare others);
 * - element names are ASCII, and `__proto__`, `constructor`, `prototype` are refused; fields live in
 *   prototype-less objects, so no name reaches Object's;
 * - nesting deeper than {@link maxDepth} is refused (WeCom's deepest is 4, a selection card's option ids);
 * - text beside child elements (mixed content) is refused; whitespace between elements is not text.
 * Values stay strings (MsgId is 64-bit). A repeated element becomes an array, an empty one `''`.
 */
/** A callback body or decrypted message that is not the XML WeCom sends. */
export class MalformedXmlError extends Error {
  constructor(reason: string) {
    super(`malformed XML: ${reason}`);
    this.name = 'MalformedXmlError';
  }
}

const maxDepth = 16;
const forbiddenNames = new Set(['__proto__', 'constructor', 'prototype']);
const nameAt = /[A-Za-z_][A-Za-z0-9_.-]*/y;
/** An `&` that does not start one of XML's five predefined references or a character reference. */
const bareAmpersand = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;

type Fields = Record<string, unknown>;
interface Open {
  name: string;
  /** Child elements, once the first one is seen. */
  fields: Fields | null;
  text: string;
}

const isSpace = (code: number) => code === 32 || code === 10 || code === 13 || code === 9;

function skipSpace(xml: string, from: number): number {
  let i = from;
  while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
  return i;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

function fail(reason: string): never {
  throw new MalformedXmlError(reason);
}

/** The element name at `from`, or a MalformedXmlError. */
function readName(xml: string, from: number): string {
  nameAt.lastIndex = from;
  const name = nameAt.exec(xml)?.[0];
  if (!name) fail(`expected an element name at ${from}`);
  if (forbiddenNames.has(name)) fail(`element name ${name} is not accepted`);
  return name;
}

/** Why a `<!…>` other than CDATA is refused. */
function declarationRefusal(xml: string, at: number): string {
  return xml.startsWith('<!--', at) ? 'comments are not accepted' : 'DTDs and entities are not accepted';
}

function addField(parent: Open, name: string, value: unknown): void {
  parent.fields ??= Object.create(null) as Fields;
  const existing = parent.fields[name];
  if (existing === undefined) parent.fields[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else parent.fields[name] = [existing, value];
}

/** The value an element closes with: its fields, or its text when it has no child element. */
function valueOf(element: Open): unknown {
  if (element.fields === null) return element.text;
  if (!isBlank(element.text)) fail(`<${element.name}> mixes text with elements`);
  return element.fields;
}

/**
 * Parses a WeCom XML document (`<xml>…</xml>`) into its fields: text elements as strings, nested ones as
 * objects, repeated ones as arrays. Throws MalformedXmlError for anything outside the subset described above.
 */
export function parseWecomXml(xml: string): Record<string, unknown> {
  let i = skipSpace(xml, 0);
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    i = skipSpace(xml, end + 2);
  }
  // Everything before, in and after the root goes through the one loop: a DTD, text or another element ahead of
  // <xml> is refused there like anywhere else.
  const stack: Open[] = [];
  let root: unknown;
  while (i < xml.length) {
    const current = stack.at(-1);
    const lt = xml.indexOf('<', i);
    if (lt !== i) {
      // Text up to the next tag (or the end).
      const end = lt < 0 ? xml.length : lt;
      const text = xml.slice(i, end);
      if (!current) {
        if (!isBlank(text)) fail('text outside the root element');
      } else {
        if (text.includes('&') && bareAmpersand.test(text)) fail('a bare & outside CDATA');
        current.text += text;
      }
      i = end;
      continue;
    }
    const next = xml.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      if (!xml.startsWith('<![CDATA[', i)) fail(declarationRefusal(xml, i));
      if (!current) fail('CDATA outside the root element');
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) fail('unterminated CDATA section');
      current.text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (next === 47 /* / */) {
      const name = readName(xml, i + 2);
      const gt = skipSpace(xml, i + 2 + name.length);
      if (xml.charCodeAt(gt) !== 62 /* > */) fail(`malformed closing tag </${name}`);
      const element = stack.pop();
      if (!element || element.name !== name) fail(`unexpected closing tag </${name}>`);
      const value = valueOf(element);
      const parent = stack.at(-1);
      if (parent) addField(parent, name, value);
      else root = value;
      i = gt + 1;
    } else if (next === 63 /* ? */) {
      fail('processing instructions are not accepted');
    } else {
      if (root !== undefined) fail('more than one root element');
      const name = readName(xml, i + 1);
      if (!current && name !== 'xml') fail('no <xml> root element');
      let end = skipSpace(xml, i + 1 + name.length);
      const selfClosing = xml.startsWith('/>', end);
      if (!selfClosing && xml.charCodeAt(end) !== 62 /* > */) fail(`<${name}> has attributes or is not closed`);
      end += selfClosing ? 2 : 1;
      if (stack.length >= maxDepth) fail(`elements nested deeper than ${maxDepth}`);
      if (selfClosing) {
        if (current) addField(current, name, '');
        else root = '';
      } else {
        stack.push({ name, fields: null, text: '' });
      }
      i = end;
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)!.name}> is not closed`);
  if (!root || typeof root !== 'object' || Array.isArray(root)) fail('no <xml> root element');
  return root as Record<string, unknown>;
}

/** A field's text, or undefined; nested or repeated elements are not plain fields. */
export function field(doc: Record<string, unknown>, name: string): string | undefined {
  const value = doc[name];
  return typeof value === 'string' ? value : undefined;
}
