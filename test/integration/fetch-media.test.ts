import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMedia, MediaUnavailableError } from '../../src/media/fetch-media.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { WecomApiClient } from '../../src/wecom/api-client.js';
import { WecomApiError } from '../../src/wecom/errors.js';
import { createFakeWecom, type FakeWecom } from '../support/fake-wecom/index.js';
import { isolate, testWecom } from '../support/isolation.js';

describe('fetchMedia against the fake WeCom', () => {
  const ns = isolate('fetchmedia');
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  let fake: FakeWecom;
  let api: WecomApiClient;
  beforeAll(async () => {
    fake = await createFakeWecom({ corpId: testWecom.WECOM_CORP_ID, corpSecret: testWecom.WECOM_SECRET, agentId: testWecom.WECOM_AGENT_ID });
    api = new WecomApiClient({ apiBase: fake.apiBase, corpId: testWecom.WECOM_CORP_ID, corpSecret: testWecom.WECOM_SECRET, agentId: Number(testWecom.WECOM_AGENT_ID), redis, keyPrefix: ns.prefix });
  });
  afterAll(async () => {
    await fake.close();
    await redis.quit();
  });

  it('reports an unknown or expired app media id (40007) as unavailable for good', async () => {
    const error = await fetchMedia(api, { mediaId: '3no-such-media' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaUnavailableError);
    expect(error).toMatchObject({ reason: 'expired' });
  });

  it('lets a 5xx of media/get through as a retryable WeCom error', async () => {
    const mediaId = fake.addMedia({ bytes: Buffer.from('a photo of the site'), filename: 'site.jpg' });
    fake.failNext('/cgi-bin/media/get', { httpStatus: 503 });
    const error = await fetchMedia(api, { mediaId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).isRetryable).toBe(true);
    expect((await fetchMedia(api, { mediaId })).bytes.toString()).toBe('a photo of the site');
  });

  it('reports an expired long-connection URL (403 Request has expired) as unavailable, with the answer for the log', async () => {
    const error = await fetchMedia(api, { url: `${fake.apiBase}/aibot/download?fileid=expired`, aesKey: Buffer.alloc(32, 1).toString('base64') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaUnavailableError);
    expect((error as MediaUnavailableError).message).toBe('media download answered HTTP 403 Request has expired');
  });

  it('keeps 429 and 5xx of a long-connection URL retryable', async () => {
    for (const httpStatus of [429, 502]) {
      fake.failNext('/aibot/download', { httpStatus });
      const error = await fetchMedia(api, { url: `${fake.apiBase}/aibot/download?fileid=x` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(MediaUnavailableError);
      expect((error as Error).message).toBe(`media download answered HTTP ${httpStatus}`);
    }
  });
});
