import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identifyFile, isGenericType, sniffType } from '../../../src/media/sniff-type.js';

const bytes = (...parts: Array<number[] | string>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** The first bytes of each format as cameras, phones and scanners write them. */
const samples = {
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x18], 'Exif\0\0'),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'),
  gif: bytes('GIF89a', [1, 0, 1, 0]),
  webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '),
  pdf: bytes('%PDF-1.7\n%âãÏÓ\n'),
};

describe('sniffType', () => {
  it('recognises JPEG, PNG, GIF, WebP and PDF by their first bytes', () => {
    expect(sniffType(samples.jpeg)).toEqual({ contentType: 'image/jpeg', extension: 'jpg' });
    expect(sniffType(samples.png)).toEqual({ contentType: 'image/png', extension: 'png' });
    expect(sniffType(samples.gif)).toEqual({ contentType: 'image/gif', extension: 'gif' });
    expect(sniffType(bytes('GIF87a'))).toEqual({ contentType: 'image/gif', extension: 'gif' });
    expect(sniffType(samples.webp)).toEqual({ contentType: 'image/webp', extension: 'webp' });
    expect(sniffType(samples.pdf)).toEqual({ contentType: 'application/pdf', extension: 'pdf' });
  });

  it('recognises nothing in text, a RIFF that is not WebP (a WAV), or a file too short to tell', () => {
    expect(sniffType(bytes('序号,整改事项'))).toBeUndefined();
    expect(sniffType(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))).toBeUndefined();
    expect(sniffType(bytes([0xff, 0xd8]))).toBeUndefined();
    expect(sniffType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('isGenericType', () => {
  it('takes no type and octet-stream (with parameters, in any case) for no information', () => {
    for (const type of [undefined, '', 'application/octet-stream', 'Application/Octet-Stream; charset=binary', 'binary/octet-stream']) expect(isGenericType(type), String(type)).toBe(true);
    for (const type of ['image/jpeg', 'application/pdf', 'text/csv']) expect(isGenericType(type), type).toBe(false);
  });
});

describe('identifyFile', () => {
  const hash8 = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 8);

  it('gives a nameless octet-stream photo its type and a name 照片-<hash>.jpg', () => {
    expect(identifyFile(samples.jpeg, { contentType: 'application/octet-stream' })).toEqual({ contentType: 'image/jpeg', filename: `照片-${hash8(samples.jpeg)}.jpg` });
    expect(identifyFile(samples.png, {})).toEqual({ contentType: 'image/png', filename: `照片-${hash8(samples.png)}.png` });
    expect(identifyFile(samples.pdf, {})).toEqual({ contentType: 'application/pdf', filename: `文件-${hash8(samples.pdf)}.pdf` });
  });

  it('keeps the name and the real type the channel gave, and fills in only what is missing', () => {
    expect(identifyFile(samples.pdf, { contentType: 'application/octet-stream', filename: '整改报告.pdf' })).toEqual({ contentType: 'application/pdf', filename: '整改报告.pdf' });
    expect(identifyFile(samples.jpeg, { contentType: 'image/jpeg', filename: 'IMG_0001.jpg' })).toEqual({ contentType: 'image/jpeg', filename: 'IMG_0001.jpg' });
    expect(identifyFile(samples.png, { contentType: 'image/png' })).toEqual({ contentType: 'image/png', filename: `照片-${hash8(samples.png)}.png` });
  });

  it('leaves a file it cannot recognise as octet-stream, with the name it came with or none', () => {
    expect(identifyFile(bytes('序号,整改事项'), { contentType: 'application/octet-stream', filename: '整改台账.csv' })).toEqual({ contentType: 'application/octet-stream', filename: '整改台账.csv' });
    expect(identifyFile(bytes('PK\x03\x04'), {})).toEqual({ contentType: 'application/octet-stream', filename: undefined });
  });
});
