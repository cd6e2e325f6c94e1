import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schema, type Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { isolate } from '../support/isolation.js';

describe('the MongoDB-wire server started by the harness', () => {
  const ns = isolate('mongo');
  let mongo: Connection;

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('stores a document with a unique index, reads it back, and refuses a duplicate key', async () => {
    const Message = mongo.model(
      'Message',
      new Schema({ msgId: { type: String, required: true, unique: true }, text: String, at: Date }),
    );
    await Message.init();
    const at = new Date('2026-11-25T01:02:03Z');
    await Message.create({ msgId: '7234567890123456789', text: '进度 富检行公建〔2021〕14号 60%', at });

    const found = await Message.findOne({ msgId: '7234567890123456789' }).lean();
    expect(found?.text).toBe('进度 富检行公建〔2021〕14号 60%');
    expect(found?.at?.toISOString()).toBe(at.toISOString());

    const duplicate = await Message.create({ msgId: '7234567890123456789', text: 'again' }).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: 11000 });
    expect(await Message.countDocuments()).toBe(1);
  });
});
