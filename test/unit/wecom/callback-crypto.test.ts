import { describe, expect, it } from 'vitest';
import { encrypt, getSignature } from '@wecom/crypto';
import { CallbackRejected, checkTimestamp, decryptPayload, verifySignature } from '../../../src/wecom/callback-crypto.js';

const secrets = { token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiverId: 'ww0123456789abcdef' };

function rejection(fn: () => unknown): CallbackRejected {
  try {
    fn();
  } catch (error) {
    if (error instanceof CallbackRejected) return error;
    throw error;
  }
  throw new Error('not rejected');
}

describe('callback crypto', () => {
  const encrypted = encrypt(secrets.encodingAESKey, '<xml/>', secrets.receiverId);
  const signature = getSignature(secrets.token, '1764036000', 'n1', encrypted);

  it('accepts the right signature and decrypts a payload addressed to us', () => {
    expect(() => verifySignature(secrets, { signature, timestamp: '1764036000', nonce: 'n1' }, encrypted)).not.toThrow();
    expect(decryptPayload(secrets, encrypted)).toBe('<xml/>');
  });

  it('refuses a signature over other values, or of another length, with 401', () => {
    expect(rejection(() => verifySignature(secrets, { signature, timestamp: '1764036001', nonce: 'n1' }, encrypted)).status).toBe(401);
    expect(rejection(() => verifySignature(secrets, { signature: signature.slice(1), timestamp: '1764036000', nonce: 'n1' }, encrypted)).status).toBe(401);
  });

  it('refuses a payload for another corp with 403, and one that does not decrypt with 4xx', () => {
    expect(rejection(() => decryptPayload(secrets, encrypt(secrets.encodingAESKey, '<xml/>', 'wwsomeoneelse'))).status).toBe(403);
    const other = encrypt('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', '<xml/>', secrets.receiverId);
    expect(rejection(() => decryptPayload(secrets, other)).status).toBeGreaterThanOrEqual(400);
    expect(rejection(() => decryptPayload(secrets, 'not base64 at all!')).status).toBe(400);
  });

  it('enforces the replay window, and turns it off at 0', () => {
    const now = 1764036000_000;
    expect(() => checkTimestamp('1764036000', now + 299_000, 300)).not.toThrow();
    expect(rejection(() => checkTimestamp('1764036000', now + 301_000, 300)).status).toBe(403);
    expect(() => checkTimestamp('1000', now, 0)).not.toThrow();
    expect(rejection(() => checkTimestamp('12abc', now, 0)).status).toBe(400);
  });
});
