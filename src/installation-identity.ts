import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { redactUrl } from './config.js';
import type { Logger } from './log.js';

/** Where the database keeps the identity it was given at its first start. */
const collection = 'installation';
const documentId = 'identity';

interface IdentityDoc {
  _id: string;
  id: string;
  createdAt: Date;
}

/** What `<prefix>:owner` holds: the identity of the database that claimed the queues, and where it was. */
interface Owner {
  id?: string;
  /** How the database was named in messages: the embedded folder in words, or the MongoDB URI without password. */
  database?: string;
  /** The embedded FerretDB data folder, when the owner ran on one. */
  embeddedIn?: string;
}

/** The Redis key naming the database whose installation owns the queues under a prefix. */
export function ownerKey(prefix: string): string {
  return `${prefix}:owner`;
}

function identities(mongo: Connection) {
  const db = mongo.db;
  if (!db) throw new Error('MongoDB is not connected');
  return db.collection<IdentityDoc>(collection);
}

/** The identity this database was given, or undefined when it has none yet. */
async function storedIdentity(mongo: Connection): Promise<IdentityDoc | undefined> {
  return (await identities(mongo).findOne({ _id: documentId })) ?? undefined;
}

/** Gives this database `id` unless it got one meanwhile, and returns the one it has. */
async function giveIdentity(mongo: Connection, id: string): Promise<string> {
  try {
    await identities(mongo).insertOne({ _id: documentId, id, createdAt: new Date() });
    return id;
  } catch (error) {
    // The web and worker roles of an installation start together: the other one's insert won; read it.
    if ((error as { code?: number }).code !== 11000) throw error;
    const found = await storedIdentity(mongo);
    if (!found) throw new Error('could not read the installation identity from MongoDB');
    return found.id;
  }
}

/** The random id this database was given at its first start; given now when it has none. */
export async function databaseIdentity(mongo: Connection): Promise<string> {
  return (await storedIdentity(mongo))?.id ?? giveIdentity(mongo, randomUUID());
}

/** Whether the database holds any document besides its identity (a wiped or new one holds none). */
async function holdsData(mongo: Connection): Promise<boolean> {
  const db = mongo.db;
  if (!db) throw new Error('MongoDB is not connected');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  for (const name of names.filter((n) => n !== collection && !n.startsWith('system.'))) {
    if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) return true;
  }
  return false;
}

/**
 * The server and database a MongoDB URI names, without user, password or options: two URIs of one database given
 * with other credentials or options are one location. Hosts are compared in any order and case.
 */
export function mongoLocation(uri: string): string {
  const match = /^(mongodb(?:\+srv)?):\/\/([^/?]*)(?:\/([^?]*))?/.exec(uri.trim());
  if (!match) return uri.trim();
  const [, scheme, authority = '', database = ''] = match;
  const hosts = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase().split(',').sort().join(',');
  return `${scheme}://${hosts}/${database}`;
}

/** Where a database is, for telling a restore in place from another installation: its folder, or its server and name. */
function locationOf(database: Owner): string | undefined {
  if (database.embeddedIn !== undefined) return `folder ${database.embeddedIn}`;
  return database.database === undefined ? undefined : mongoLocation(database.database);
}

function parseOwner(stored: string): Owner {
  try {
    return JSON.parse(stored) as Owner;
  } catch {
    return { id: stored };
  }
}

/** Thrown when the queues under this prefix belong to another installation's database. */
export class ForeignQueuesError extends Error {}

/** What claimQueues is given: the connections, the prefix, and how to name this database. */
export interface ClaimOptions {
  redis: Redis;
  mongo: Connection;
  prefix: string;
  /** For messages: the Redis URL (its password is masked). */
  redisUrl: string;
  /** This database in words: `the embedded database in <folder>`, or its MongoDB URI without password. */
  where: string;
  /** The embedded FerretDB data folder, when this process runs on one. */
  embeddedIn?: string;
  /** Told when a restored database takes the identity of the one in its place (warn). */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Claims the queues under `prefix` for this database, or refuses: two installations on one Redis with one prefix
 * take each other's messages and handle them against the wrong database, losing them without a sign. Processes of
 * one installation (web, worker, restarts) share the database and so its identity; they all pass.
 *
 * A database without an identity, in the very place of the one that claimed the queues and holding data, is that
 * installation restored from a backup taken before identities existed (or re-upgraded after a rollback): it takes
 * the owner's identity. An empty one there (wiped, or a new installation) is refused: the queued work is not its.
 */
export async function claimQueues(options: ClaimOptions): Promise<void> {
  const key = ownerKey(options.prefix);
  const here: Owner = { database: options.where, embeddedIn: options.embeddedIn };
  const claimed = await options.redis.get(key);
  const previous = claimed === null ? undefined : parseOwner(claimed);
  const samePlace = previous !== undefined && locationOf(previous) !== undefined && locationOf(previous) === locationOf(here);
  const found = await storedIdentity(options.mongo);
  let id = found?.id;
  if (!id && samePlace && previous.id) {
    if (!(await holdsData(options.mongo))) throw new ForeignQueuesError(emptyInPlace(options, key));
    id = await giveIdentity(options.mongo, previous.id);
    options.logger?.warn({ prefix: options.prefix, database: options.where, identity: id },
      'this database has no installation identity (a backup from before identities existed, restored in place): it takes the identity of the database that owns the queues under this prefix, and the work queued there is handled against it');
  }
  id ??= await databaseIdentity(options.mongo);
  const value = JSON.stringify({ id, database: options.where, embeddedIn: options.embeddedIn });
  await options.redis.set(key, value, 'NX');
  const stored = await options.redis.get(key);
  if (stored === null) {
    // Deleted between the two commands (an operator clearing it): claim again rather than refuse.
    await options.redis.set(key, value, 'NX');
    return;
  }
  const owner = parseOwner(stored);
  // A copy of the embedded data folder (a restore checked beside production) carries the same identity: its folder
  // tells them apart. Role processes given MONGODB_URI name no folder and pass on the identity alone.
  const otherFolder = owner.embeddedIn !== undefined && options.embeddedIn !== undefined && owner.embeddedIn !== options.embeddedIn;
  if (owner.id === id && !otherFolder) return;
  if (locationOf(owner) !== undefined && locationOf(owner) === locationOf(here)) throw new ForeignQueuesError(otherIdentityInPlace(options, key, found?.createdAt));
  throw new ForeignQueuesError(
    `QUEUE_PREFIX ${options.prefix} on ${redactUrl(options.redisUrl)} already belongs to another database (${owner.database ?? owner.id ?? 'unknown'}); give this installation its own QUEUE_PREFIX`
    + ` (or, if that database is gone for good, delete the Redis key ${key})`,
  );
}

/** The refusal for an empty database where the queues' own database was. */
function emptyInPlace(options: ClaimOptions, key: string): string {
  return `QUEUE_PREFIX ${options.prefix} on ${redactUrl(options.redisUrl)} belongs to the database that was in this same location (${options.where}),`
    + ' but the database there now is empty (wiped, or a new installation in its place?) and the work queued under the prefix is the old one\'s:'
    + ` put its data back (restore the backup), or delete the Redis key ${key} to start on the empty one anyway (the queued work is then handled against it),`
    + ' or give this installation its own QUEUE_PREFIX';
}

/** The refusal for a database with another identity where the queues' own database was. */
function otherIdentityInPlace(options: ClaimOptions, key: string, given: Date | undefined): string {
  const backup = given ? `a restored backup from after ${given.toISOString().slice(0, 10)} (when it got its identity)` : 'a restored backup';
  return `QUEUE_PREFIX ${options.prefix} on ${redactUrl(options.redisUrl)}: the same location (${options.where}) holds a database with another identity`
    + ` than the one the queues belong to: ${backup}, of another installation or of one replaced here since?`
    + ` The work queued under the prefix is the other database's: delete the Redis key ${key} if it may be handled against this one, then start;`
    + ' or give this installation its own QUEUE_PREFIX';
}
