import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temp name used while a file is being written; readers and cleaners can recognise it. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `data` to `path` so that readers see either the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes several files as one unit: all are written to temp files first and only renamed into place
 * when every write succeeded, so a failure leaves none of them half-done.
 */
export async function writeFilesAtomic(files: ReadonlyArray<{ path: string; data: Uint8Array | string }>): Promise<void> {
  const temps: string[] = [];
  try {
    for (const { path, data } of files) {
      await mkdir(dirname(path), { recursive: true });
      const temp = tempPathFor(path);
      temps.push(temp);
      await writeFile(temp, data);
    }
    for (let i = 0; i < files.length; i++) await rename(temps[i], files[i].path);
  } catch (error) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    throw error;
  }
}
