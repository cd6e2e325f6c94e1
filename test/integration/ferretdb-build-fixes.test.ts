import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types, type Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { isolate } from '../support/isolation.js';

/**
 * The embedded FerretDB is built with two fixes (scripts/build-ferretdb.sh). v1.24 looked documents up by an
 * expression that did not match its own `_id` index, so every find, update and delete by `_id` read the whole
 * collection; the bot's hot path touches growing collections by `_id` only, and this holds the server to its
 * part through the query plan SQLite reports (not a timing). And v1.24 read a document and wrote it back in
 * separate transactions, so concurrent updates of one document lost each other's changes.
 */
describe('the embedded FerretDB as the project builds it', () => {
  const ns = isolate('ferretfix');
  let mongo: Connection;

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await mongo.collection('things').insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `thing-${i}` as never, n: i })));
    await mongo.collection('oids').insertMany(Array.from({ length: 50 }, (_, i) => ({ n: i })));
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  async function plan(collection: string, filter: object): Promise<string> {
    const explained = await mongo.db!.command({ explain: { find: collection, filter }, verbosity: 'queryPlanner' });
    return JSON.stringify(explained.queryPlanner);
  }

  it('searches the _id index for a string or ObjectId _id, and scans for any other filter', async () => {
    expect(await plan('things', { _id: 'thing-150' })).toMatch(/SEARCH .* USING INDEX things_\w+__id_/);
    expect(await plan('oids', { _id: new Types.ObjectId() })).toMatch(/SEARCH .* USING INDEX oids_\w+__id_/);
    // The contrast shows the plan is read, not assumed: FerretDB v1 pushes down nothing but `_id`.
    expect(await plan('things', { n: 150 })).toMatch(/SCAN things_/);
  });

  it('still finds, updates, upserts and deletes the right document by _id', async () => {
    const things = mongo.collection<{ _id: string; n: number }>('things');
    expect((await things.findOne({ _id: 'thing-150' }))?.n).toBe(150);
    expect((await things.updateOne({ _id: 'thing-150' }, { $set: { n: -1 } })).modifiedCount).toBe(1);
    expect((await things.findOne({ _id: 'thing-150' }))?.n).toBe(-1);
    expect((await things.updateOne({ _id: 'thing-new' }, { $set: { n: 7 } }, { upsert: true })).upsertedCount).toBe(1);
    expect((await things.findOneAndUpdate({ _id: 'thing-new' }, { $inc: { n: 1 } }, { returnDocument: 'after' }))?.n).toBe(8);
    expect((await things.deleteOne({ _id: 'thing-149' })).deletedCount).toBe(1);
    expect(await things.findOne({ _id: 'thing-149' })).toBeNull();
    expect(await things.countDocuments()).toBe(200);
  });

  it('applies concurrent updates of one document atomically, as MongoDB does', async () => {
    const counters = mongo.collection<{ _id: string; n: number; seen: number[] }>('counters');
    await counters.insertOne({ _id: 'c', n: 0, seen: [] });
    await Promise.all(Array.from({ length: 100 }, (_, i) => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 }, $addToSet: { seen: i } })));
    const after = await counters.findOne({ _id: 'c' });
    expect(after?.n).toBe(100);
    expect(after?.seen).toHaveLength(100);
    // A conditional update is a compare-and-set: of 50 racing claims exactly one matches.
    await counters.insertOne({ _id: 'job', n: 0, seen: [] });
    const claims = await Promise.all(Array.from({ length: 50 }, (_, i) => counters.findOneAndUpdate({ _id: 'job', n: 0 }, { $set: { n: i + 1 } })));
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
  });

  it('answers an update that breaks a unique index with E11000, as MongoDB does, and changes nothing', async () => {
    const numbers = mongo.collection<{ _id: string; key: string }>('numbers');
    await numbers.createIndex({ key: 1 }, { unique: true });
    await numbers.insertMany([{ _id: 'a', key: 'one' }, { _id: 'b', key: 'two' }]);
    await expect(numbers.updateOne({ _id: 'b' }, { $set: { key: 'one' } })).rejects.toMatchObject({ code: 11000 });
    await expect(numbers.findOneAndUpdate({ _id: 'b' }, { $set: { key: 'one' } })).rejects.toMatchObject({ code: 11000 });
    expect(await numbers.findOne({ _id: 'b' })).toEqual({ _id: 'b', key: 'two' });
  });
});
