import type { CommandHandler } from '../src/bot/handler.js';
import type { UpdateCommand } from '../src/rectification/handle-update.js';
import { handleUpdate } from '../src/rectification/handle-update.js';

/** 进度 <文号> <百分比或阶段> <措施>: a rectification progress update. */
export const progress: CommandHandler<Extract<UpdateCommand, { command: 'progress' }>> = {
  command: 'progress',
  handle: (ctx, cmd) => handleUpdate(ctx, cmd),
};
