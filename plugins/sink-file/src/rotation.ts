import { createReadStream, createWriteStream } from 'node:fs';
import { access, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A free name for a rotated copy of `path`: `events.ndjson` becomes `events.1.ndjson`, then
 * `events.2.ndjson`..., counting compressed copies too, so a rotation never overwrites an older one.
 */
export async function nextRotatedName(path: string): Promise<string> {
  const folder = dirname(path);
  const ext = extname(path);
  const stem = basename(path, ext);
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.(\\d+)${escapeRegExp(ext)}(?:\\.gz)?$`);
  let highest = 0;
  for (const name of await readdir(folder)) {
    const match = pattern.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return join(folder, `${stem}.${highest + 1}${ext}`);
}

/** Moves a full file aside so the active path starts empty. */
export async function rotateAside(path: string): Promise<string> {
  const target = await nextRotatedName(path);
  await rename(path, target);
  return target;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Compresses a finished file to `<file>.gz` and removes the original. The archive is written under
 * a temporary name and renamed when complete, so a crash part-way leaves the original untouched and
 * never a truncated `.gz` that looks finished.
 */
export async function gzipFile(path: string): Promise<string> {
  let target = `${path}.gz`;
  if (await exists(target)) target = `${await nextRotatedName(path)}.gz`;
  const partial = `${target}.partial`;
  await pipeline(createReadStream(path), createGzip(), createWriteStream(partial));
  const handle = await open(partial, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, target);
  await unlink(path);
  return target;
}
