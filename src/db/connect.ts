import mongoose, { type Connection } from 'mongoose';
import { redactUrl } from '../config.js';

/**
 * Opens a mongoose connection of our own (not the global default), so tests and several
 * app instances in one process do not share state. Resolves once the server answers.
 */
export async function connectMongo(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    // FerretDB v1 has no retryable writes (they need replica-set sessions).
    retryWrites: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    // ECONNREFUSED 127.0.0.1:1 alone does not tell an operator which setting to check.
    throw new Error(`connection to MongoDB at ${redactUrl(uri)} failed: ${(error as Error).message} (check MONGODB_URI, or the embedded FerretDB)`, { cause: error });
  }
  return connection;
}
