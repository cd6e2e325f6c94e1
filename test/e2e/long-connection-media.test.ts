import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { evidenceModel, progressModel } from '../../src/models/progress.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { waitUntil } from '../support/wait-until.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref21 = '富检行公建[2021]21号';
const download = '/aibot/download';
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** The first bytes of a real JPEG (SOI, APP0 "JFIF"), then `tail` so each photo has its own hash. */
function jpeg(tail: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF\0${tail}`)]);
}

describe('photos and files over the long connection', () => {
  let h: BotHarness;
  const logLines: string[] = [];
  beforeAll(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) });
    h = await startBotHarness({ longConnection: true, logger, env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  /** What the bot answered a long-connection request, as one text. */
  async function answerTo(reqId: string): Promise<string> {
    const reply = await h.fake.bot.waitForReply(reqId, 20_000);
    return (reply.body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(reply.body);
  }

  async function say(userid: string, content: string): Promise<string> {
    h.clock.advance(1000);
    return answerTo(h.fake.bot.sendText({ userid, content }).reqId);
  }

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const evidenceOf = (sha: string) => fetch(`${h.runtime.url}/api/evidence/${sha}`, { headers: { authorization: `Bearer ${apiTokens.admin}` } });
  const latestUpdate = async (ref: string) => (await progressModel(h.runtime.mongo).find({ recommendation: ref }).sort({ createdAt: -1 }).limit(1).lean())[0];
  const downloads = () => h.fake.requests.filter((r) => r.path === download);

  it('answers a photo whose download URL expired at once, asks for it again, attaches nothing and does not retry', async () => {
    expect(await say('lisi', '进度 富检行公建〔2021〕21号 40% 已复绿30亩')).toContain('已记录');
    const before = downloads().length;
    // The message waits (a backlog, a restart) until WeCom's 5-minute URL has expired; then the bot downloads it.
    h.fake.hold(download);
    const { reqId, msgid } = h.fake.bot.sendImage({ userid: 'lisi', bytes: jpeg('expired') });
    await h.fake.waitFor(() => h.fake.heldCount(download) === 1, 10_000);
    h.clock.advance(6 * 60_000);
    h.fake.release(download);

    const answer = await answerTo(reqId);
    expect(answer).toBe('抱歉，这张照片未能接收（企业微信的下载链接已失效），没有保存，也没有附到任何进展上。请重新发送这张照片。');
    expect(downloads().slice(before).map((r) => r.status)).toEqual([403]);
    expect((await latestUpdate(ref21))?.evidence).toEqual([]);
    // Handled (the log is marked just after the replies are queued), so the job is done: no retry downloads it again.
    const handled = await waitUntil(async () => {
      const log = await messageLogModel(h.runtime.mongo).findById(`bot:${msgid}`).lean();
      return log?.state === 'handled' && log;
    }, 'the photo message handled');
    expect(handled.replies).toBe(1);
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.messageId === `bot:${msgid}`);
    expect(logged).toMatchObject({ level: 40, reason: 'expired', msg: 'media could not be downloaded; the sender is asked to send it again' });
  });

  it('retries a download that failed for a moment (HTTP 502) and attaches the photo then', async () => {
    expect(await say('lisi', '进度 富检行公建〔2021〕21号 45% 已复绿35亩')).toContain('已记录');
    const before = downloads().length;
    h.fake.failNext(download, { httpStatus: 502 });
    h.clock.advance(1000);
    const { reqId } = h.fake.bot.sendImage({ userid: 'lisi', bytes: jpeg('after-a-502') });
    expect(await answerTo(reqId)).toContain(`已将照片作为证据附在 ${ref21} 的进展（进度 45%：已复绿35亩）上`);
    expect(downloads().slice(before).map((r) => r.status)).toEqual([502, 200]);
    expect((await latestUpdate(ref21))?.evidence).toHaveLength(1);
  });

  it('keeps a photo from the long connection as a photo: typed from its bytes, named 照片-<hash>.jpg, served inline, shown as a photo', async () => {
    expect(await say('lisi', '进度 富检行公建〔2021〕21号 50% 已复绿40亩')).toContain('已记录');
    const photo = jpeg('typed-from-bytes');
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendImage({ userid: 'lisi', bytes: photo }).reqId)).toContain('已将照片作为证据附在');
    const sha = sha256(photo);
    expect((await latestUpdate(ref21))?.evidence).toMatchObject([{ sha256: sha, contentType: 'image/jpeg', filename: `照片-${sha.slice(0, 8)}.jpg` }]);

    const served = await evidenceOf(sha);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('content-disposition')).toBeNull();
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);
    // The dashboard's timeline shows evidence as a photo when its type is image/*.
    const detail = await fetch(`${h.runtime.url}/api/recommendations/${encodeURIComponent(ref21)}`, { headers: { authorization: `Bearer ${apiTokens.admin}` } });
    const { timeline } = (await detail.json()) as { timeline: Array<{ evidence: Array<{ sha256: string; contentType: string; filename?: string }> }> };
    expect(timeline.flatMap((entry) => entry.evidence).find((e) => e.sha256 === sha)).toMatchObject({ contentType: 'image/jpeg', filename: `照片-${sha.slice(0, 8)}.jpg` });
  });

  it('keeps the name a file came with and takes its type from the bytes: a PDF scan is application/pdf', async () => {
    const pdf = Buffer.from('%PDF-1.7\n整改报告（扫描件）\n%%EOF\n');
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendFile({ userid: 'lisi', filename: '整改报告.pdf', bytes: pdf }).reqId)).toContain('已将文件作为证据附在');
    expect((await latestUpdate(ref21))?.evidence.find((e) => e.sha256 === sha256(pdf))).toMatchObject({ contentType: 'application/pdf', filename: '整改报告.pdf' });
    const served = await evidenceOf(sha256(pdf));
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('整改报告.pdf')}`);
  });

  it('serves a photo stored earlier as a nameless octet-stream with the type its bytes show', async () => {
    // As every long-connection photo was stored before its type was read from the bytes.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('an older photo')]);
    const sha = sha256(png);
    const update = await latestUpdate(ref21);
    await evidenceModel(h.runtime.mongo).create({ _id: sha, bytes: png, contentType: 'application/octet-stream', size: png.length, storedAt: new Date(h.clock.now()) });
    await progressModel(h.runtime.mongo).updateOne({ _id: update!._id }, { $push: { evidence: { sha256: sha, contentType: 'application/octet-stream', size: png.length, messageId: 'bot:older', at: new Date(h.clock.now()) } } });
    const served = await evidenceOf(sha);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-disposition')).toBeNull();
  });

  describe('a spreadsheet that is not a sheet of cases', () => {
    const ziranCases = () => caseModel(h.runtime.mongo).countDocuments({ agency: 'ziran' });

    it('attaches a rectification ledger sent after 进度 … 附整改台账 to that update, saying it was not imported as cases', async () => {
      expect(await say('lisi', '进度 富检行公建〔2021〕21号 60% 已复绿45亩，附整改台账')).toContain('已记录');
      const cases = await ziranCases();
      const ledger = fixture('rectification-ledger.csv');
      h.clock.advance(1000);
      const answer = await answerTo(h.fake.bot.sendFile({ userid: 'lisi', filename: '整改台账.csv', bytes: ledger }).reqId);
      expect(answer).toBe([
        `已将文件作为证据附在 ${ref21} 的进展（进度 60%：已复绿45亩，附整改台账）上（该条共 1 件证据，校验码 ${sha256(ledger).slice(0, 8)}）。`,
        '《整改台账.csv》里没有案号、当事人等案件表格的列名，因此作为证据保存，没有作为案件导入。如要上报案件，请发送第一行写有「案号、当事人、违法事实」等列名的表格。',
      ].join('\n'));
      expect((await latestUpdate(ref21))?.evidence).toMatchObject([{ sha256: sha256(ledger), filename: '整改台账.csv' }]);
      expect(await ziranCases()).toBe(cases);
    });

    it('attaches a ledger saved as GBK (Excel\'s plain CSV) the same way', async () => {
      const ledger = fixture('rectification-ledger-gbk.csv');
      h.clock.advance(1000);
      const answer = await answerTo(h.fake.bot.sendFile({ userid: 'lisi', filename: '整改台账（GBK）.csv', bytes: ledger }).reqId);
      expect(answer).toContain(`已将文件作为证据附在 ${ref21} 的进展（进度 60%：已复绿45亩，附整改台账）上（该条共 2 件证据`);
      expect(answer).toContain('《整改台账（GBK）.csv》里没有案号、当事人等案件表格的列名');
      expect((await latestUpdate(ref21))?.evidence.map((e) => e.filename)).toEqual(['整改台账.csv', '整改台账（GBK）.csv']);
    });

    it('still imports a sheet of cases sent within the window, and attaches nothing', async () => {
      const cases = await ziranCases();
      const sheet = Buffer.from('\ufeff案号,当事人,违法事实,罚款\n富自然罚〔2026〕31号,某石料厂,未经批准开采石料200吨,20000元\n');
      h.clock.advance(1000);
      const answer = await answerTo(h.fake.bot.sendFile({ userid: 'lisi', filename: '案件.csv', bytes: sheet }).reqId);
      expect(answer).toContain('《案件.csv》共 1 行，已全部导入，共 1 件。');
      expect(answer).not.toContain('证据');
      expect(await ziranCases()).toBe(cases + 1);
      expect((await latestUpdate(ref21))?.evidence).toHaveLength(2);
    });

    it('tells agency staff without an update in the window what such a sheet could be for, keeping nothing', async () => {
      const answer = await answerTo(h.fake.bot.sendFile({ userid: 'qianqi', filename: '整改台账.csv', bytes: fixture('rectification-ledger.csv') }).reqId);
      expect(answer).toBe([
        '《整改台账.csv》里没有案号、当事人等案件表格的列名，没有作为案件导入，也没有保存。',
        // Over the long connection <…> would be read as HTML tags and vanish; they show as ＜…＞.
        '如果这是整改材料，请先发送「进度 ＜文号＞ ＜百分比＞ ＜措施＞」，再在 30 分钟内发送这个文件，它会作为证据附在该进展上。',
        '如果是案件表格，请在第一行写列名，如：案号、当事人、违法事实、罚款、面积、决定日期、领域。',
      ].join('\n'));
    });
  });

  it('says 这张照片 / 这个文件 of a photo or file sent again, kept once', async () => {
    const target = `${ref21} 的进展（进度 60%：已复绿45亩，附整改台账）上`;
    const photo = jpeg('sent-twice');
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendImage({ userid: 'lisi', bytes: photo }).reqId)).toContain(`已将照片作为证据附在 ${target}（该条共 3 件证据`);
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendImage({ userid: 'lisi', bytes: photo }).reqId)).toBe(`这张照片此前已作为证据附在 ${target}（校验码 ${sha256(photo).slice(0, 8)}），未重复保存；该条共 3 件证据。`);
    const pdf = Buffer.from('%PDF-1.7\n整改报告（扫描件）\n%%EOF\n');
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendFile({ userid: 'lisi', filename: '整改报告.pdf', bytes: pdf }).reqId)).toContain('已将文件作为证据附在');
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendFile({ userid: 'lisi', filename: '整改报告（再发）.pdf', bytes: pdf }).reqId)).toBe(`这个文件此前已作为证据附在 ${target}（校验码 ${sha256(pdf).slice(0, 8)}），未重复保存；该条共 4 件证据。`);
    expect((await latestUpdate(ref21))?.evidence).toHaveLength(4);
  });
});
