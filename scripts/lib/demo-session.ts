import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../src/embedded/project-root.js';

/** What `npm run simulate` needs to talk to the bot the demo left running. Demo-only values, no real secrets. */
export interface DemoSession {
  botUrl: string;
  fakeUrl: string;
  corpId: string;
  agentId: string;
  token: string;
  aesKey: string;
}

export const defaultSessionFile = join(projectRoot(), 'data', 'demo-session.json');

export function writeSession(session: DemoSession, file = defaultSessionFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(session, null, 2));
}

export function readSession(file = defaultSessionFile): DemoSession {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoSession;
  } catch {
    throw new Error(`no running demo found (${file}); start one with "npm run demo" in another terminal`);
  }
}

export function removeSession(file = defaultSessionFile): void {
  rmSync(file, { force: true });
}
