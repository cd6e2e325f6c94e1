/**
 * npm run services: gives a URI for Redis and for MongoDB (starting redis-server and the
 * embedded FerretDB when needed), prints them as shell assignments, and keeps them up until Ctrl-C.
 *   --data DIR   keep the embedded data in DIR instead of a fresh temporary folder
 */
import { startServices } from '../src/embedded/services.js';

const dataIndex = process.argv.indexOf('--data');
const services = await startServices({
  redisUrl: process.env.REDIS_URL || undefined,
  mongoUri: process.env.MONGODB_URI || undefined,
  dataDir: dataIndex >= 0 ? process.argv[dataIndex + 1] : undefined,
});
for (const note of services.notes) console.error(note);
console.log(`REDIS_URL=${services.redisUrl}`);
console.log(`MONGODB_URI=${services.mongoUri}`);
console.error('services: running; Ctrl-C stops what was started here');

const stop = () => void services.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
