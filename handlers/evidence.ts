import type { KindHandler } from '../src/bot/handler.js';
import { Conversations, evidenceWindowSeconds } from '../src/bot/conversation.js';
import { fetchMedia, isSpreadsheet, maxMediaBytes } from '../src/media/fetch-media.js';
import { attachEvidence } from '../src/rectification/attach-evidence.js';
import { importCaseSheet } from '../src/cases/import-sheet.js';

/**
 * A photo or file: a spreadsheet is a bulk case report (上报); anything else sent within 30 minutes of
 * the sender's progress update attaches to it as evidence, stored with its SHA-256.
 */
export const evidence: KindHandler = {
  kinds: ['image', 'file', 'video', 'mixed'],
  async handle(ctx) {
    const media = ctx.message.media ?? [];
    if (media.length === 0) {
      ctx.reply('已收到。发送「帮助」查看可以办理的事项。');
      return;
    }
    const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
    const target = await conversations.evidenceTarget(ctx.staff!._id);
    let last: Awaited<ReturnType<typeof attachEvidence>>;
    for (const [index, item] of media.entries()) {
      const file = await fetchMedia(ctx.services.api, item);
      if (file.bytes.length > maxMediaBytes) {
        ctx.reply(`文件超过 ${maxMediaBytes / 1024 / 1024} MB，未保存。请压缩后重新发送。`);
        continue;
      }
      if (isSpreadsheet(file)) {
        await importCaseSheet(ctx, file);
        continue;
      }
      if (!target) {
        ctx.reply(`已收到${ctx.message.kind === 'image' ? '照片' : '文件'}，但没有可以附上的进展。请先发送「进度 <文号> <百分比> <措施>」，再在 ${evidenceWindowSeconds / 60} 分钟内发送照片或文件。`);
        return;
      }
      const messageId = media.length > 1 ? `${ctx.message.id}#${index}` : ctx.message.id;
      last = (await attachEvidence(ctx.services.mongo, target, file, { messageId, by: ctx.staff!._id, now: ctx.now })) ?? last;
    }
    if (last) {
      ctx.markChanged('recommendation', last.progress.recommendation);
      const what = ctx.message.kind === 'image' ? '照片' : '文件';
      ctx.reply(`已将${what}作为 ${last.progress.ref} 这条${last.progress.kind === 'complete' ? '完成报告' : '进展'}的证据保存（该条共 ${last.progress.evidence.length} 件证据，校验码 ${last.evidence.sha256.slice(0, 8)}）。`);
    }
  },
};
