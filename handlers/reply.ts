import type { CommandHandler } from '../src/bot/handler.js';
import type { UpdateCommand } from '../src/rectification/handle-update.js';
import { handleUpdate } from '../src/rectification/handle-update.js';

/** 回复 <文号> <要点>: the agency's written reply (书面回复). */
export const reply: CommandHandler<Extract<UpdateCommand, { command: 'reply' }>> = {
  command: 'reply',
  handle: (ctx, cmd) => handleUpdate(ctx, cmd),
};
