import { normalizeText } from './normalize-text.js';

/** 线索 / 线索 <编号>: open leads, or one lead's details. */
export type LeadsCommand = { command: 'leads'; number: string | null; text: string };
/** 统计: the platform's statistics. */
export type StatsCommand = { command: 'stats'; text: string };
export type ProsecutorCommand = LeadsCommand | StatsCommand;

/**
 * Reads the prosecutors' commands (线索, 线索 XS-2026-0007 or 线索 7, 统计 / 数据统计). Returns null for any other
 * text, which then goes to the staff grammar (parseCommand).
 */
export function parseProsecutorCommand(input: string): ProsecutorCommand | null {
  const text = normalizeText(input);
  const leads = /^(?:查看)?线索(?:列表)?\s*[:：]?\s*(.*)$/.exec(text);
  if (leads) {
    const rest = (leads[1] ?? '').trim();
    if (rest === '') return { command: 'leads', number: null, text };
    const full = /^XS-?(\d{4})-?(\d{1,6})$/i.exec(rest);
    if (full) return { command: 'leads', number: `XS-${full[1]}-${full[2]!.padStart(4, '0')}`, text };
    const serial = /^(?:第|编号)?\s*(\d{1,6})\s*(?:号)?$/.exec(rest);
    return serial ? { command: 'leads', number: serial[1]!, text } : null;
  }
  if (/^(?:数据)?统计(?:数据|报表)?$/.test(text)) return { command: 'stats', text };
  return null;
}
