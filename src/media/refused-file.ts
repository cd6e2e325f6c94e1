import type { FetchedMedia } from './fetch-media.js';

/** What staff may send as evidence, as replies name it. */
export const ACCEPTED_EVIDENCE = '照片、视频、PDF、Word / Excel / WPS 文档、文本或压缩包';

/** Programs and scripts: no rectification evidence, and nothing a prosecutor should be handed to open. */
const PROGRAM_EXTENSIONS = /\.(?:exe|com|bat|cmd|msi|scr|dll|ps1|vbs|vbe|js|jse|wsf|jar|apk|sh|lnk|reg)$/i;

/** Windows (MZ) and Linux (ELF) executables, whatever their name. */
function isExecutable(bytes: Buffer): boolean {
  return (bytes[0] === 0x4d && bytes[1] === 0x5a) || bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

/**
 * Why a received file cannot be evidence — empty (a failed upload: its checksum would be that of nothing), or a
 * program — as the reply says it, or undefined when it may be kept. `which` names it: 这个文件, 第 2 个文件.
 */
export function refusedFile(file: FetchedMedia, which: string): string | undefined {
  if (file.bytes.length === 0) return `${which}是空的（0 字节），没有保存。请检查后重新发送。`;
  if (PROGRAM_EXTENSIONS.test(file.filename ?? '') || isExecutable(file.bytes)) {
    return `${which}${file.filename ? `《${file.filename}》` : ''}是程序文件，不能作为证据，没有保存。可以发送的是：${ACCEPTED_EVIDENCE}。`;
  }
  return undefined;
}
