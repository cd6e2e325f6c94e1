import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { deliveryModel } from '../../src/models/delivery.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { evidenceModel, progressModel } from '../../src/models/progress.js';
import { inboundJobId } from '../../src/queue/inbound-queue.js';
import { queueNames } from '../../src/queue/names.js';
import { freshMsgId, imageMessageXml, startDeployment, textMessageXml, type Deployment } from '../support/deployment.js';
import { waitUntil } from '../support/wait-until.js';

const mediaGet = '/cgi-bin/media/get';
const ref = '富检行公建[2021]14号';

/**
 * Models a worker host that dies without warning (the OOM killer, a node drained with kill -9, a power cut) while it is
 * half-way through a staff member's photo: the download from WeCom is on the wire and nothing is stored yet. Another
 * worker must take the job over once its lock lapses (JOB_LOCK_MS) and the photo must end exactly once: one piece of
 * evidence, one confirmation to the sender, one message-log record. The fake holds media/get, so the dead worker's
 * call never reaches "WeCom" (test/e2e/digest-crash.test.ts does the same for the robot webhook).
 */
describe('a worker process killed with SIGKILL in the middle of an inbound job', () => {
  let d: Deployment;
  beforeAll(async () => {
    d = await startDeployment({ label: 'killmidjob', env: { JOB_LOCK_MS: '2000' } });
  }, 120_000);
  afterAll(() => d?.stop());

  const repliesTo = (user: string, text: string) =>
    d.fake.appMessages().filter((m) => m.touser === user && JSON.stringify(m).includes(text));

  it('attaches the photo, confirms it and logs it exactly once after the worker holding it dies', async () => {
    const workers = await Promise.all([d.start('worker'), d.start('worker')]);

    // A progress update opens the sender's evidence window; the photo that follows attaches to it.
    const progressId = freshMsgId();
    await d.inbound.enqueue(d.normalize(textMessageXml('zhangsan', `进度 ${ref} 70% 补种苗木3000株`, progressId)));
    await waitUntil(() => repliesTo('zhangsan', '整改进展').length > 0, 'the progress confirmation', 30_000);

    d.fake.hold(mediaGet);
    const mediaId = d.fake.addMedia({ bytes: Buffer.from('JPEG-replanted-forest-after-rectification'), filename: '补种后.jpg' });
    const photo = d.normalize(imageMessageXml('zhangsan', mediaId, freshMsgId()));
    await d.inbound.enqueue(photo);
    await waitUntil(() => d.fake.heldCount(mediaGet) >= 1, 'the photo download on the wire', 20_000);

    const inbound = d.queue(queueNames.inbound);
    const runner = (await inbound.getJob(inboundJobId(photo)))?.processedBy;
    const victim = workers.find((w) => runner === `${hostname()}:${w.pid}`);
    expect(victim, `processedBy ${runner}`).toBeDefined();
    await victim!.kill();
    expect((await victim!.exited).signal).toBe('SIGKILL');

    // The operator (or the orchestrator) starts the worker again; the job, found stalled once its lock lapses,
    // runs again in a live worker, whose download waits in the same hold beside the dead worker's.
    await d.start('worker');
    await waitUntil(() => d.fake.heldCount(mediaGet) >= 2, 'the taken-over job downloading the photo again', 30_000);
    d.fake.release(mediaGet);

    await waitUntil(async () => (await inbound.getJob(inboundJobId(photo)))?.finishedOn, 'the photo job finished', 30_000);
    const reply = `${photo.id}#out0`.replace(/:/g, '_');
    await waitUntil(async () => (await d.queue(queueNames.deliver).getJob(reply))?.finishedOn, 'the confirmation delivered', 30_000);

    const job = await inbound.getJob(inboundJobId(photo));
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toEqual({ replies: 1, duplicate: false });
    expect(job!.processedBy).not.toBe(runner);

    const update = await progressModel(d.mongo).findById(`msg:${progressId}`).lean();
    expect(update?.evidence).toHaveLength(1);
    expect(update?.evidence[0]).toMatchObject({ filename: '补种后.jpg', messageId: photo.id });
    expect(await evidenceModel(d.mongo).countDocuments({ _id: update!.evidence[0]!.sha256 })).toBe(1);

    expect(repliesTo('zhangsan', `作为证据附在 ${ref} 的进展`)).toHaveLength(1);
    expect(await deliveryModel(d.mongo).find({ source: photo.id }).lean()).toMatchObject([{ state: 'sent', attempts: 1 }]);
    expect(await messageLogModel(d.mongo).find({ _id: photo.id }).lean()).toMatchObject([{ state: 'handled', replies: 1 }]);
    // Only the live worker's download was answered: the dead one's call was dropped on the wire.
    expect(d.fake.requests.filter((r) => r.path === mediaGet && r.query.media_id === mediaId)).toHaveLength(1);
  }, 120_000);
});
