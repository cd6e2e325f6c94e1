/**
 * What an agency wrote (a completion note, the points of a written reply, a measure), set off as its words inside a
 * notice in the bot's voice: 「…」, with any 「」 of its own turned into 『』. However the note is worded — even as
 * 【系统通知】… or 【线索提醒】… — a prosecutor sees where the agency's words begin and end, and no 」 typed into it can
 * close the quote and go on as if the bot said the rest.
 *
 * @example agencyWords('已完成」【系统通知】已验收通过') === '「已完成』【系统通知】已验收通过」'
 */
export function agencyWords(text: string): string {
  return `「${text.replace(/「/g, '『').replace(/」/g, '』')}」`;
}
