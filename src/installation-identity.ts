import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { redactUrl } from './config.js';

/** Where the database keeps the identity it was given at its first start. */
const collection = 'installation';
const documentId = 'identity';

interface IdentityDoc {
  _id: string;
  id: string;
  createdAt: Date;
}

/** The Redis key naming the database whose installation owns the queues under a prefix. */
export function ownerKey(prefix: string): string {
  return `${prefix}:owner`;
}

/** The random id this database was given at its first start; given now when it has none. */
export async function databaseIdentity(mongo: Connection): Promise<string> {
  const db = mongo.db;
  if (!db) throw new Error('MongoDB is not connected');
  const identities = db.collection<IdentityDoc>(collection);
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await identities.findOne({ _id: documentId });
    if (found) return found.id;
    try {
      await identities.insertOne({ _id: documentId, id: randomUUID(), createdAt: new Date() });
    } catch (error) {
      // The web and worker roles of a new installation start together: the other one's insert won; read it.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  throw new Error('could not read the installation identity from MongoDB');
}

/** Thrown when the queues under this prefix belong to another installation's database. */
export class ForeignQueuesError extends Error {}

/**
 * Claims the queues under `prefix` for this database, or refuses: two installations on one Redis with one prefix
 * take each other's messages and handle them against the wrong database, losing them without a sign. Processes of
 * one installation (web, worker, restarts) share the database and so its identity; they all pass.
 */
export async function claimQueues(options: { redis: Redis; mongo: Connection; prefix: string; redisUrl: string; where: string; embeddedIn?: string }): Promise<void> {
  const id = await databaseIdentity(options.mongo);
  const key = ownerKey(options.prefix);
  const value = JSON.stringify({ id, database: options.where, embeddedIn: options.embeddedIn });
  await options.redis.set(key, value, 'NX');
  const stored = await options.redis.get(key);
  if (stored === null) {
    // Deleted between the two commands (an operator clearing it): claim again rather than refuse.
    await options.redis.set(key, value, 'NX');
    return;
  }
  let owner: { id?: string; database?: string; embeddedIn?: string } = {};
  try {
    owner = JSON.parse(stored) as typeof owner;
  } catch {
    owner = { id: stored };
  }
  // A copy of the embedded data folder (a restore checked beside production) carries the same identity: its folder
  // tells them apart. Role processes given MONGODB_URI name no folder and pass on the identity alone.
  const otherFolder = owner.embeddedIn !== undefined && options.embeddedIn !== undefined && owner.embeddedIn !== options.embeddedIn;
  if (owner.id === id && !otherFolder) return;
  throw new ForeignQueuesError(
    `QUEUE_PREFIX ${options.prefix} on ${redactUrl(options.redisUrl)} already belongs to another database (${owner.database ?? owner.id ?? 'unknown'}); give this installation its own QUEUE_PREFIX`
    + ` (or, if that database is gone for good, delete the Redis key ${key})`,
  );
}
