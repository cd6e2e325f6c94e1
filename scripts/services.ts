/**
 * npm run services: gives a URI for Redis and for MongoDB (starting redis-server and the
 * embedded FerretDB when needed), prints them as shell assignments, and keeps them up until Ctrl-C.
 * The embedded data is kept in DATA_DIR (from the environment or .env, default `data`), as `npm start` keeps it, so
 * role processes started with these URIs keep their data across restarts; the address is recorded in
 * DATA_DIR/embedded.json for `npm run admin`.
 *   --data DIR   keep the embedded data in DIR instead
 *   --fresh      a fresh temporary folder, removed on stop (throwaway runs)
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDotEnv } from '../src/admin/database.js';
import { startServices } from '../src/embedded/services.js';
import { makeDataFolder } from '../src/embedded/data-folder.js';

loadDotEnv();
const dataIndex = process.argv.indexOf('--data');
const fresh = process.argv.includes('--fresh');
const dataDir = fresh ? undefined : resolve(dataIndex >= 0 ? process.argv[dataIndex + 1]! : process.env.DATA_DIR?.trim() || 'data');
let services;
try {
  services = await startServices({ redisUrl: process.env.REDIS_URL || undefined, mongoUri: process.env.MONGODB_URI || undefined, dataDir });
} catch (error) {
  console.error(`services: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
for (const note of services.notes) console.error(note);
if (dataDir && !process.env.MONGODB_URI) {
  makeDataFolder(dataDir);
  writeFileSync(join(dataDir, 'embedded.json'), JSON.stringify({ mongoUri: services.mongoUri, redisUrl: services.redisUrl, pid: process.pid }, null, 2));
}
console.log(`REDIS_URL=${services.redisUrl}`);
console.log(`MONGODB_URI=${services.mongoUri}`);
console.error(`services: running${dataDir ? `, data in ${dataDir}` : ' on a temporary folder'}; Ctrl-C stops what was started here`);

const stop = () => void services.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
