import { audit } from '../models/audit.js';
import { staffModel } from '../models/staff.js';
import type { Middleware } from './context.js';

/** Polite answer to a WeCom user who is not bound to a staff record. */
export function unknownSenderText(contact: string): string {
  return `您好，您的企业微信账号尚未登记为衔接平台用户，暂时无法办理。请联系${contact}登记（需提供姓名、单位和企业微信账号）后再试。`;
}

/**
 * Polite answer to a WeCom user whose binding was ended (解除绑定: moved, left, or unbound by mistake): they were
 * registered, so they are told it ended and whom to ask, not to register from scratch.
 */
export function deactivatedSenderText(contact: string): string {
  return `您好，您在衔接平台的登记已停用（账号已解除绑定），暂时无法办理。如仍需使用平台，请联系${contact}恢复登记。`;
}

/**
 * Loads the sender's staff record. An unknown or deactivated sender gets a polite answer naming whom to
 * contact, the refusal is audited, and nothing else runs.
 */
export function identify(contact: string): Middleware {
  return async (ctx, next) => {
    const staff = await staffModel(ctx.services.mongo).findById(ctx.message.from).lean();
    if (!staff || !staff.active) {
      // Entering the chat is not a request; greet nobody and record nothing.
      if (ctx.message.kind === 'event' && ctx.message.event?.name !== 'template_card_event') return;
      await audit(ctx.services.mongo, {
        at: ctx.now, actor: ctx.message.from, action: 'identify', sourceId: ctx.message.id,
        outcome: 'refused', reason: staff ? 'deactivated' : 'unknown userid',
      });
      ctx.reply(staff ? deactivatedSenderText(contact) : unknownSenderText(contact));
      return;
    }
    ctx.staff = staff;
    await next();
  };
}
