import type { CommandName, MissingField, Problem } from './types.js';

/** A correct example of each command, shown to the sender whenever a message was incomplete or not understood. */
export const EXAMPLES: Readonly<Record<Exclude<CommandName, 'unknown'>, string>> = {
  help: '帮助',
  todo: '待办',
  query: '查询 14号',
  progress: '进度 富检行公建〔2021〕14号 60% 已恢复林地120亩',
  complete: '完成 14号 已全部恢复林地，照片随后发送',
  reply: '回复 14号 已于3月5日书面回复，附整改报告',
  report: '上报\n案号：富林罚〔2021〕3号\n当事人：张某\n违法事实：擅自改变林地用途\n罚款：5000元',
  amend: '更正 富林罚〔2021〕3号 罚款：5000元',
  undo: '撤回',
};

/** What to ask for each missing field; the example shows where it goes. */
const ASK: Readonly<Record<MissingField, string>> = {
  ref: '请写明是哪一份检察建议（文号，如“14号”或“富检行公建〔2021〕14号”）',
  percent_or_stage: '请写明完成比例或阶段（如“60%”“六成”“整改中”“已立案”）',
  points: '请写明书面回复的要点',
  fields: '请逐行写明案件信息（也可以直接发送Excel/CSV文件）',
  caseNumber: '请补充“案号”',
  party: '请补充“当事人”',
  facts: '请补充“违法事实”',
  case: '请写明要更正的案件的案号',
  changes: '请写明要更正的项目和正确的内容（如“罚款：5000元”，每项写明项目名称）',
};

/** The recommendation every example names; replaced by the one the sender named. */
const EXAMPLE_REF = /富检行公建〔2021〕14号|14号/;

/**
 * The Chinese explanation for a parsed command: what is missing or wrong and a correct example; null when the
 * command is complete and valid. The example names the recommendation the message named (`ref`), if any: a
 * message about 〔2022〕14号 shown 进度 富检行公建〔2021〕14号 … reads as if it were about another one.
 */
export function hintFor(command: CommandName, missing: readonly MissingField[], problems: readonly Problem[], ref: string | null = null): string | null {
  if (missing.length === 0 && problems.length === 0) return null;
  const sentences = [...problems.map((problem) => problem.reason), ...missing.map((field) => ASK[field])];
  const example = command === 'unknown' ? EXAMPLES.progress : EXAMPLES[command];
  return `${sentences.join('；')}。例如：${ref ? example.replace(EXAMPLE_REF, ref) : example}`;
}

/** 附照片两张，另一张稍后发: photos announced in words; they are taken from the photo messages themselves. */
const PHOTO_NOTICE = /^(?:附|补|补发|发|传|上传)(?:上|送)?(?:现场|整改)?(?:照片|图片|相片|截图)/;

/** The explanation for a message that is no command, pointing at the command it most likely meant. */
export function hintForUnknown(text: string, suggested: CommandName | null): string {
  if (text === '') return `消息是空的。发送“帮助”查看可用的命令，例如：${EXAMPLES.progress}`;
  if (PHOTO_NOTICE.test(text)) return `请直接发送照片或文件：报告进展后30分钟内发送的照片会作为该条进展的证据保存。例如：${EXAMPLES.progress}`;
  if (/[吗?？]$/.test(text) && suggested !== 'query') {
    return `抱歉，这个问题我还回答不了。我可以帮您报告整改进展、查询检察建议、查看“待办”、“上报”案件，发送“帮助”查看说明。例如：${EXAMPLES.query}`;
  }
  if (suggested === 'progress') {
    return `这像是一条整改进展。请用“进度”开头并写明文号和完成比例，例如：进度 14号 60% 罚款已缴纳50万元`;
  }
  if (suggested === 'report') return `如果要上报新案件，请用“上报”开头逐行写明案件信息，例如：${EXAMPLES.report}`;
  if (suggested === 'query') return `如果要查询一份检察建议，请写明文号，例如：${EXAMPLES.query}`;
  if (suggested === 'undo') {
    return `如需更正刚才报告的内容：10分钟内发送“撤回”可撤回您的上一条进展，再重新发送正确的内容；更早的进展请联系负责的检察官更正；已上报的案件可发送“更正 <案号> <项目：正确内容>”更正。例如：${EXAMPLES.undo}`;
  }
  return `没有看懂这条消息。发送“帮助”查看可用的命令，例如：${EXAMPLES.progress}`;
}

/**
 * A prosecutor's 不对 / 刚才写错了: how their own decisions are changed. The agencies' 撤回 and 更正 <案号> are not
 * theirs; a lead's decider may send the new decision within `changeWindowMinutes`, a review is corrected by an admin.
 */
export function prosecutorCorrectionHint(changeWindowMinutes: number): string {
  return `如需更改刚才对线索的决定：作出决定的检察官可在决定后 ${changeWindowMinutes} 分钟内直接发送新的决定，如「受理 XS-2026-0009」「不予受理 XS-2026-0009 <理由>」，之后请联系管理员；验收、退回有误的，请联系管理员。这条消息没有记录。`;
}
