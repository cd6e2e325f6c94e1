import type { CommandHandler } from '../src/bot/handler.js';
import type { UpdateCommand } from '../src/rectification/handle-update.js';
import { handleUpdate } from '../src/rectification/handle-update.js';

/** 完成 <文号> <说明>: rectification done, waiting for the prosecutor's review; recorded once while it waits. */
export const complete: CommandHandler<Extract<UpdateCommand, { command: 'complete' }>> = {
  command: 'complete',
  handle: (ctx, cmd) => handleUpdate(ctx, cmd),
};
