import AiBot, { type WSClient } from '@wecom/aibot-node-sdk';
import type { Logger } from '../log.js';
import type { InboundQueue } from '../queue/inbound-queue.js';
import type { InboundMessage } from './inbound-message.js';
import { normalizeAibotEvent, normalizeAibotMessage } from './normalize-aibot.js';

export interface LongConnectionOptions {
  botId: string;
  secret: string;
  wsUrl: string;
  inbound: InboundQueue;
  logger: Logger;
  /** How long to keep trying to queue a message while Redis is unreachable. */
  enqueueTimeoutMs?: number;
}

/** The intelligent bot's long connection: receives messages and events into the `inbound` queue. */
export interface LongConnection {
  client: WSClient;
  /** Resolves once the connection is authenticated. */
  ready: Promise<void>;
  close(): void;
}

/**
 * Keeps the intelligent bot's long connection and feeds what it receives into the same `inbound`
 * queue as the callback. A frame cannot be refused over the connection, so queuing is retried with
 * backoff until Redis takes it (bounded), instead of dropping the message.
 */
export function startLongConnection(options: LongConnectionOptions): LongConnection {
  const log = options.logger.child({ channel: 'aibot' });
  const client = new AiBot.WSClient({
    botId: options.botId,
    secret: options.secret,
    wsUrl: options.wsUrl,
    maxReconnectAttempts: -1,
    logger: {
      debug: () => undefined,
      info: (msg: string) => log.debug(msg),
      warn: (msg: string) => log.warn(msg),
      error: (msg: string) => log.error(msg),
    },
  });

  const keep = async (message: InboundMessage) => {
    const deadline = Date.now() + (options.enqueueTimeoutMs ?? 60_000);
    for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
      try {
        await options.inbound.enqueue(message);
        return;
      } catch (error) {
        if (Date.now() + delay > deadline) {
          log.error({ messageId: message.id, err: (error as Error).message }, 'could not queue a long-connection message');
          return;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };
  const guarded = (normalize: () => InboundMessage) => {
    try {
      void keep(normalize());
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'ignored an unusable long-connection frame');
    }
  };

  client.on('message', (frame) => guarded(() => normalizeAibotMessage(frame)));
  client.on('event', (frame) => guarded(() => normalizeAibotEvent(frame)));
  client.on('error', (error) => log.warn({ err: error.message }, 'long connection error'));
  const ready = new Promise<void>((resolve) => client.once('authenticated', () => resolve()));
  client.on('authenticated', () => log.info('long connection authenticated'));
  client.connect();
  return { client, ready, close: () => client.disconnect() };
}
