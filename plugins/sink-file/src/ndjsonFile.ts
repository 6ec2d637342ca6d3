import { open, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { cutTornTail } from './tornTail.js';

/** One file the sink appends whole NDJSON lines to. */
export interface NdjsonFile {
  readonly path: string;
  /** Bytes in the file, including what this process appended. */
  readonly size: number;
  /** Appends complete lines (they must end with a newline), as text or as UTF-8 bytes. */
  append(lines: string | Uint8Array): Promise<void>;
  /** Flushes the file's data to the disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called when a previous writer left a partial last line, before it is cut. */
  onTornTail?: (path: string, bytes: number) => void;
  /** Sync the folder after creating the file, so the new name survives a power loss. */
  syncDir?: boolean;
}

/**
 * Opens (or creates) a file for appending. A partial last line left by a writer that died is cut
 * first, so the lines appended now never join onto a fragment.
 */
export async function openNdjsonFile(path: string, options: OpenOptions = {}): Promise<NdjsonFile> {
  await mkdir(dirname(path), { recursive: true });
  // a+ creates the file, appends every write at the end, and still lets the tail be read and cut.
  const handle: FileHandle = await open(path, 'a+');
  let size: number;
  try {
    const before = (await handle.stat()).size;
    const cut = before > 0 ? await lastByteIsNewline(handle, before).then((whole) => (whole ? 0 : cutTornTail(handle, before))) : 0;
    if (cut > 0) options.onTornTail?.(path, cut);
    size = before - cut;
    if (before === 0 && options.syncDir) await syncFolder(dirname(path));
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }

  return {
    path,
    get size() {
      return size;
    },
    async append(lines) {
      const bytes = typeof lines === 'string' ? Buffer.from(lines, 'utf8') : lines;
      let offset = 0;
      // A regular file can take a write short (a full disk, a signal); the rest follows at once,
      // and a failure part-way leaves a tail that the next open cuts.
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        size += bytesWritten;
      }
    },
    sync: () => handle.datasync(),
    close: () => handle.close(),
  };
}

async function lastByteIsNewline(handle: FileHandle, size: number): Promise<boolean> {
  const one = Buffer.alloc(1);
  await handle.read(one, 0, 1, size - 1);
  return one[0] === 0x0a;
}

async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
