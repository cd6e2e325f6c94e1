/** Formats what the fake WeCom recorded into lines a person can read (demo and simulate). */

import type { RecordedRequest } from '../../test/support/fake-wecom/index.js';

/** A request as the fake records it (also what its /__fake/requests route answers). */
export type Recorded = Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body' | 'status' | 'response'>;

function indent(text: string, prefix = '      '): string {
  return text.split('\n').map((line) => prefix + line).join('\n');
}

/** The content of a message body in WeCom's shape, as text. */
export function describeBody(body: Record<string, unknown>): string {
  const type = String(body.msgtype ?? '?');
  const inner = (body[type] ?? {}) as Record<string, unknown>;
  if (type === 'text' || type === 'markdown') {
    const mentions = (inner.mentioned_list as string[] | undefined)?.length ? `  (@${(inner.mentioned_list as string[]).join(' @')})` : '';
    return `[${type}] ${String(inner.content ?? '')}${mentions}`;
  }
  if (type === 'template_card') {
    const card = inner as { card_type?: string; source?: { desc?: string }; main_title?: { title?: string; desc?: string }; sub_title_text?: string; horizontal_content_list?: Array<{ keyname: string; value?: string }>; button_list?: Array<{ text: string }> };
    const lines = [`[卡片 ${card.card_type ?? ''}]${card.source?.desc ? ` ${card.source.desc} |` : ''} ${card.main_title?.title ?? ''}${card.main_title?.desc ? ` — ${card.main_title.desc}` : ''}`];
    if (card.sub_title_text) lines.push(...card.sub_title_text.split('\n').map((l) => `  ${l}`));
    for (const row of card.horizontal_content_list ?? []) lines.push(`  ${row.keyname}: ${row.value ?? ''}`);
    if (card.button_list?.length) lines.push(`  按钮: ${card.button_list.map((b) => `[${b.text}]`).join(' ')}`);
    return lines.join('\n');
  }
  return `[${type}] ${JSON.stringify(inner)}`;
}

/** One line (or a few) for an outbound call the bot made; undefined for calls that are not messages. */
export function describeOutbound(request: Recorded): string | undefined {
  const ok = (request.response as { errcode?: number } | undefined)?.errcode === 0;
  const status = ok ? '' : `  ✗ errcode ${(request.response as { errcode?: number } | undefined)?.errcode}`;
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (request.path === '/cgi-bin/message/send') {
    return `  ← 应用消息 → ${String(body.touser)}${status}\n${indent(describeBody(body))}`;
  }
  if (request.path === '/cgi-bin/webhook/send') {
    const key = request.query.key ?? '';
    const group = key.includes('linye') ? '林业局群' : key.includes('ziran') ? '自然资源局群' : key.includes('shichang') ? '市场监管局群' : key.includes('prosecutor') ? '检察官群' : '群';
    return `  ← 群机器人 → ${group}${status}\n${indent(describeBody(body))}`;
  }
  if (request.path === '/cgi-bin/message/update_template_card') {
    const button = (body.button as { replace_name?: string } | undefined)?.replace_name;
    return `  ← 卡片更新（所有接收人）${button ? `：按钮改为「${button}」` : ''}${status}`;
  }
  return undefined;
}
