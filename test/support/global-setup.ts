import type { TestProject } from 'vitest/node';
import { startServices, type Services } from '../../src/embedded/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Redis for this test run (REDIS_URL, the local server, or one started here). */
    redisUrl: string;
    /** MongoDB-wire server for this run, without a database name. */
    mongoUri: string;
  }
}

let services: Services | undefined;

/** Starts the services once per test run; files isolate themselves by database name and key prefix. */
export async function setup(project: TestProject): Promise<void> {
  services = await startServices({ redisUrl: process.env.REDIS_URL, mongoUri: process.env.MONGODB_URI });
  for (const note of services.notes) console.log(`[services] ${note}`);
  project.provide('redisUrl', services.redisUrl);
  project.provide('mongoUri', services.mongoUri);
}

export async function teardown(): Promise<void> {
  await services?.stop();
}
