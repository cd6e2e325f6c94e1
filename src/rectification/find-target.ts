import type { Command } from '../commands/index.js';
import type { BotContext } from '../bot/context.js';
import { cardTaskId, recommendationChoiceCard } from '../bot/choice-card.js';
import { Conversations } from '../bot/conversation.js';
import { audit } from '../models/audit.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { isAgencyRole } from '../models/staff.js';
import { resolveRecommendation } from './resolve.js';
import { isAboutTopic } from './topic.js';

/**
 * The recommendation a staff command is about, or undefined once the sender has been answered:
 * asked to choose (a selection card), told it was not found, or refused because it is another agency's.
 */
export async function findTarget(ctx: BotContext, cmd: Command, verb: string): Promise<RecommendationRecord | undefined> {
  const staff = ctx.staff!;
  if (!isAgencyRole(staff.role) || !staff.agency) {
    await audit(ctx.services.mongo, { at: ctx.now, actor: staff._id, action: `recommendation.${cmd.command}`, sourceId: ctx.message.id, outcome: 'refused', reason: `role ${staff.role} does not report for an agency` });
    ctx.reply(`「${verb}」由执法单位工作人员报告。检察官可以发送「查询 <文号>」查看整改情况。`);
    return undefined;
  }
  const resolution = await resolveRecommendation(ctx.services.mongo, staff.agency, cmd.ref, cmd.refParts);
  switch (resolution.kind) {
    case 'found':
      return resolution.recommendation;
    case 'ambiguous':
    case 'missing': {
      if (resolution.candidates.length === 0) {
        ctx.reply('贵单位目前没有未办结的检察建议，无需报告。如有疑问请联系检察官。');
        return undefined;
      }
      // 查询 恢复林地: the words name the recommendation when exactly one title fits, else they narrow the choice.
      const topic = cmd.command === 'query' && resolution.kind === 'missing' ? cmd.topic : null;
      const fitting = topic ? resolution.candidates.filter((rec) => isAboutTopic(rec, topic)) : [];
      if (fitting.length === 1) return fitting[0];
      const candidates = fitting.length > 1 ? fitting : resolution.candidates;
      const taskId = cardTaskId('pick', ctx.message.id);
      const question = resolution.kind === 'ambiguous'
        ? `「${cmd.ref}」对应多份检察建议，您指的是哪一份？请点选，或重新发送完整文号。`
        : topic && fitting.length === 0
          ? `没有找到与「${topic}」有关的未办结检察建议。您要${verb}的是哪一份？请点选，或写明文号，如「查询 14号」。`
          : `您要${verb}的是哪一份检察建议？请点选，或在消息中写明文号，如「${cmd.command === 'query' ? '查询' : '进度'} 14号」。`;
      await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).offerChoice(taskId, {
        kind: 'choose', text: cmd.text, sourceId: ctx.message.id, userid: staff._id, askedAt: ctx.now.getTime(),
      }, cmd.command !== 'query');
      ctx.replyCard(recommendationChoiceCard(taskId, question, candidates));
      return undefined;
    }
    case 'not_found':
      ctx.reply(`没有找到贵单位文号为「${cmd.ref}」的检察建议。请核对文号，或发送「待办」查看贵单位的检察建议。`);
      return undefined;
    case 'other_agency':
      await audit(ctx.services.mongo, {
        at: ctx.now, actor: staff._id, action: `recommendation.${cmd.command}`, sourceId: ctx.message.id, outcome: 'refused',
        target: { kind: 'recommendation', id: resolution.recommendation._id }, reason: `belongs to agency ${resolution.recommendation.agency}, sender is ${staff.agency}`,
      });
      ctx.reply(`「${cmd.ref}」不是发给贵单位的检察建议，无法${verb}。如有疑问请联系检察官。`);
      return undefined;
  }
}
