import type { FileHandle } from 'node:fs/promises';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Cuts a torn tail: the bytes after the last newline, left by a writer killed in the middle of a
 * write (a `kill -9` or a power loss can stop a write part of the way through a line). Every line
 * before it is whole, so cutting back to the last newline leaves a file a reader can trust.
 * Returns the number of bytes removed.
 */
export async function cutTornTail(handle: FileHandle, size: number): Promise<number> {
  if (size === 0) return 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const length = end - start;
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at !== -1) {
      const keep = start + at + 1;
      if (keep < size) await handle.truncate(keep);
      return size - keep;
    }
    end = start;
  }
  // Not one whole line in the file: everything in it is a fragment.
  await handle.truncate(0);
  return size;
}
