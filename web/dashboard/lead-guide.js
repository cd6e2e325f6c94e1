// How a lead is decided. Leads are decided in WeCom (a card's button, or a message naming the lead's number), where
// the prosecutor is told of them; the dashboard shows the lead and says what to send.
import { h } from './dom.js';

/** The message that records each decision, as chat's 线索 and the card's buttons name them. */
const COMMANDS = {
  accept: (n) => `受理 ${n}`,
  reject: (n) => `不予受理 ${n} <理由>`,
  criminal: (n) => `转刑事线索 ${n}`,
  supervision: (n) => `转监察委 ${n}`,
};

const quoted = (text) => h('code', { class: 'command' }, `「${text}」`);

/**
 * For an open lead: whose it is and the messages that decide it — only the decisions its card offers (a 提醒 is
 * accepted or rejected, never transferred). Null for a decided or withdrawn lead.
 */
export function leadGuide(lead) {
  const decisions = (Array.isArray(lead.decisions) ? lead.decisions : []).filter((d) => COMMANDS[d]);
  if (lead.status !== 'open' || decisions.length === 0) return null;
  const names = Array.isArray(lead.responsibleNames) ? lead.responsibleNames.join('、') : '';
  const whose = lead.mayDecide ? '本线索可由您处理。' : names ? `本线索分派给 ${names}，由其处理。` : '';
  const commands = decisions.map((d) => quoted(COMMANDS[d](lead.number)));
  return h(
    'div',
    { class: 'guide', testid: 'lead-guide' },
    h('p', {}, whose, '线索在企业微信中处理：点击提醒卡片上的按钮，或在与衔接助手的会话中发送', commands.flatMap((c, i) => (i ? ['、', c] : [c])), '。'),
    h('p', { class: 'muted' }, '工作台中只能查看线索；在企业微信中作出的决定会记入线索档案，并在此显示。'),
  );
}

/** The 理由 of a 不予受理 still owing it: that it is owed, and the message that gives it. */
export function rejectReasonOwed(lead) {
  const by = lead.decision?.byName ?? lead.decision?.by;
  return h(
    'span',
    { class: 'owed', testid: 'lead-reason-owed' },
    '尚未填写，请发送',
    quoted(`不予受理 ${lead.number} <理由>`),
    by ? h('span', { class: 'muted' }, `（由决定人 ${by} 在企业微信中发送）`) : null,
  );
}
