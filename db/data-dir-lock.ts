// The embedded database (PGlite) is a single-user PostgreSQL: two processes on one DATA_DIR each keep
// their own copy in memory and overwrite each other's files, losing acknowledged writes and sometimes
// leaving the folder unusable. A lock file in DATA_DIR gives the folder to one process at a time.
// Created with O_EXCL (atomic); a lock whose process is gone (killed, crashed) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'tat.lock';

export interface LockHolder {
  pid: number;
  /** ISO instant the holder took the lock. */
  since: string;
  /** How the holder was started, e.g. `node src/main.ts` or `tat migrate`. */
  command: string;
}

/** The folder is held by another live process; the message names it and says what to do. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another TAT Bot process ` +
        `(pid ${holder.pid}, "${holder.command}", since ${holder.since}). ` +
        'Only one process may use it at a time: stop that process first (or wait for it to finish), ' +
        'or set DATABASE_URL to a PostgreSQL server to run several processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { raw: string; holder: LockHolder | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && Number.isInteger(h.pid) && h.pid > 0)
      return { raw, holder: { pid: h.pid, since: String(h.since), command: String(h.command) } };
  } catch {
    // A half-written lock (the holder died between create and write) counts as stale.
  }
  return { raw, holder: undefined };
}

const held = new Map<string, number>();

/** How this process was started, for the lock's reader (no arguments beyond the script and verb). */
export function describeCommand(argv: string[] = process.argv): string {
  return argv
    .slice(1, 3)
    .map((a) => a.replace(/^.*[/\\](src|bin)[/\\]/, '$1/'))
    .join(' ')
    .slice(0, 200);
}

/**
 * Takes the folder's lock or throws DataDirLockedError naming the live holder. The lock is released
 * by `release()` and, as a last resort, when the process exits.
 */
export function acquireDataDirLock(
  dataDir: string,
  options: { command?: string; now?: Date } = {},
): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    since: (options.now ?? new Date()).toISOString(),
    command: options.command ?? describeCommand(),
  };
  if (held.has(path)) throw new DataDirLockedError(dataDir, mine);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(mine));
      } finally {
        closeSync(fd);
      }
      held.set(path, process.pid);
      const onExit = () => releaseIfMine(path);
      process.once('exit', onExit);
      return {
        release() {
          process.removeListener('exit', onExit);
          releaseIfMine(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const existing = readHolder(path);
    if (!existing) continue; // released meanwhile: try again
    if (existing.holder && existing.holder.pid !== process.pid && processAlive(existing.holder.pid))
      throw new DataDirLockedError(dataDir, existing.holder);
    // Stale: take it over, unless another process replaced it since we read it.
    const again = readHolder(path);
    if (again?.raw === existing.raw) {
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  const last = readHolder(path)?.holder;
  throw new DataDirLockedError(dataDir, last ?? { pid: 0, since: 'unknown', command: 'unknown' });
}

function releaseIfMine(path: string): void {
  if (held.get(path) !== process.pid) return;
  held.delete(path);
  const current = readHolder(path);
  if (current?.holder?.pid !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
