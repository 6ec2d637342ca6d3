import { errors, isGcsError, type GcsError } from '@gcstream/core';

/** Conditions that can clear by themselves (space freed, descriptors released, a flaky disk). */
const TRANSIENT = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'EINTR']);

const HINTS: Record<string, string> = {
  ENOSPC: 'the disk is full; free space or point dir at a bigger volume',
  EDQUOT: 'the disk quota is used up; free space or raise the quota',
  EMFILE: 'the process has too many open files; raise its limit (ulimit -n)',
  EACCES: 'permission denied; let the gcstream user write to this folder',
  EPERM: 'permission denied; let the gcstream user write to this folder',
  EROFS: 'the file system is read-only; point dir at a writable folder',
  EISDIR: 'a folder has this name; change path so it names a file',
  ENOTDIR: 'a file stands where a folder of the path should be; change path or dir',
};

/** A file system error as a sink error: retryable when it may clear, fatal (dead letters) otherwise. */
export function fileErrorOf(error: unknown, path: string): GcsError {
  if (isGcsError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = HINTS[code] ?? (error instanceof Error ? error.message : String(error));
  const message = `cannot write ${path} (${code || 'error'}): ${reason}`;
  return TRANSIENT.has(code) ? errors.sinkRetryable('file', message, error) : errors.sinkFatal('file', message, error);
}
