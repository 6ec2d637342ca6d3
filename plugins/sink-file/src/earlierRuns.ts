import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { templateSegments } from './pathTemplate.js';
import { cutTornTail } from './tornTail.js';

/**
 * Cuts the torn tails of files that an earlier run was writing when it was killed. The file being
 * written at that moment may belong to an hour or a day that is over, so nothing would ever open
 * it again; every file the template can name is checked once when the sink connects. Only folders
 * and files that match the template are visited, never the rest of `dir`.
 */
export async function repairEarlierRuns(dir: string, template: string, onTornTail: (path: string, bytes: number) => void): Promise<EarlierFile[]> {
  const found: EarlierFile[] = [];
  const segments = templateSegments(template);
  const visit = async (folder: string, level: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // Not created yet: nothing to repair.
    }
    const pattern = segments[level]!;
    const last = level === segments.length - 1;
    for (const entry of entries) {
      if (!pattern.test(entry.name)) continue;
      const path = join(folder, entry.name);
      if (!last && entry.isDirectory()) await visit(path, level + 1);
      else if (last && entry.isFile()) found.push({ path, modified: await repairFile(path, onTornTail) });
    }
  };
  await visit(dir, 0);
  return found;
}

export interface EarlierFile {
  readonly path: string;
  /** Last modification, ms since the epoch. */
  readonly modified: number;
}

async function repairFile(path: string, onTornTail: (path: string, bytes: number) => void): Promise<number> {
  const handle = await open(path, 'r+');
  try {
    const { size, mtimeMs } = await handle.stat();
    if (size === 0) return mtimeMs;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return mtimeMs;
    const cut = await cutTornTail(handle, size);
    if (cut > 0) onTornTail(path, cut);
    return mtimeMs;
  } finally {
    await handle.close();
  }
}
