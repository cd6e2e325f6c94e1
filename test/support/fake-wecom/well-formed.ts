/** A string the bot sent that is not well-formed UTF-16 (a lone surrogate: half an emoji), and where it was. */
export interface MalformedString {
  at: number;
  /** The API path (/cgi-bin/message/send) or long-connection cmd (aibot_respond_msg) that carried it. */
  where: string;
  /** Where in the body: template_card.main_title.desc, text.content, … */
  field: string;
  value: string;
}

/**
 * Strings in a sent JSON body that are not well-formed. WeCom's handling of them is not documented (a strict JSON
 * parser refuses an unpaired \ud83d escape; a lenient one shows �), so the fake accepts them, as it must not guess,
 * and only lists them for tests to assert that none was sent.
 */
export function malformedStrings(body: unknown, field = ''): Array<Pick<MalformedString, 'field' | 'value'>> {
  if (typeof body === 'string') return isWellFormed(body) ? [] : [{ field, value: body }];
  if (Array.isArray(body)) return body.flatMap((item, i) => malformedStrings(item, `${field}[${i}]`));
  if (body && typeof body === 'object') {
    return Object.entries(body).flatMap(([key, value]) => [
      ...(isWellFormed(key) ? [] : [{ field: `${field}{key}`, value: key }]),
      ...malformedStrings(value, field ? `${field}.${key}` : key),
    ]);
  }
  return [];
}

function isWellFormed(text: string): boolean {
  // String.prototype.isWellFormed is in Node 20 but not in the ES2023 lib the project compiles against.
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
