import mongoose, { type Connection } from 'mongoose';

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
  await connection.asPromise();
  return connection;
}
