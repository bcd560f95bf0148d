// Where commands write the files a reply hands over (exports, charts): one folder under the system
// temp directory, each file named `<random token>-<name>` so two people never collide and an adapter
// can find a file again by its token (Teams' file consent answers minutes later) without trusting a
// path that came back from the platform.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ReplyFile } from './types.js';

export const OUTGOING_DIR = join(tmpdir(), 'tat-bot-files');
const STORED_NAME = /^[0-9a-f]{16}-[A-Za-z0-9._-]{1,100}$/;

/** A fresh path for a file the person will see as `name`. */
export function outgoingPath(name: string): string {
  mkdirSync(OUTGOING_DIR, { recursive: true, mode: 0o700 });
  return join(OUTGOING_DIR, `${randomBytes(8).toString('hex')}-${name}`);
}

/** The stored name of a file (what an adapter may round-trip through a platform). */
export const storedName = (file: Pick<ReplyFile, 'path'>) => basename(file.path);

/** The path of a stored name, if it is one of ours; undefined for anything else. */
export function pathOfStoredName(name: unknown): string | undefined {
  return typeof name === 'string' && STORED_NAME.test(name) ? join(OUTGOING_DIR, name) : undefined;
}

export async function describeFile(
  path: string,
  name: string,
  title: string,
  mimeType: ReplyFile['mimeType'],
  image = false,
): Promise<ReplyFile> {
  const { size } = await stat(path);
  return { name, title, mimeType, path, bytes: size, ...(image ? { image } : {}) };
}

/** Removes a delivered file (missing is fine: it may have been delivered already). */
export const discardFile = (path: string) => rm(path, { force: true });
