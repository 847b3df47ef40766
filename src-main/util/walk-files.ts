import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface WalkOptions {
  /** Which files to list, by name. */
  readonly accept: (name: string) => boolean;
  /** Folders not to enter (besides hidden ones and node_modules), by path and name. */
  readonly skipFolder?: (path: string, name: string) => boolean;
}

export interface WalkProblem {
  readonly path: string;
  /** E.g. `cannot read this folder (permission denied, EACCES); skipped`. */
  readonly reason: string;
}

export interface WalkResult {
  /** Every accepted file, sorted; a file reached through a symbolic link is listed at the link's path. */
  readonly files: string[];
  /** Each folder or link that could not be read (permission denied, broken link), with why. */
  readonly problems: WalkProblem[];
}

/** What the walk reads the file system with; tests substitute failures a root user never sees. */
export interface WalkIo {
  readonly readdir: typeof readdir;
  readonly stat: typeof stat;
  readonly realpath: typeof realpath;
}

const NODE_IO: WalkIo = { readdir, stat, realpath };

/**
 * Lists the files under `root` for every command that takes a folder (masks, infer, dataset scans),
 * so all of them treat the tree alike: symbolic links are followed, to files and to folders, but a
 * folder already visited (a link cycle, or two links to one folder) is entered once; hidden entries
 * and node_modules are skipped. A subfolder or link that cannot be read is reported and the rest is
 * still listed; only an unreadable `root` throws.
 */
export async function walkFiles(root: string, options: WalkOptions, io: WalkIo = NODE_IO): Promise<WalkResult> {
  const files: string[] = [];
  const problems: WalkProblem[] = [];
  const visited = new Set<string>([await io.realpath(root)]);
  const walk = async (dir: string, isRoot: boolean): Promise<void> => {
    let entries;
    try {
      entries = await io.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw error;
      problems.push({ path: dir, reason: `cannot read this folder (${describeCode(error)}); skipped` });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await io.stat(path).catch((error: unknown) => error as Error);
        if (target instanceof Error) {
          problems.push({ path, reason: `a link that cannot be followed (${describeCode(target)}); skipped` });
          continue;
        }
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDirectory) {
        if (options.skipFolder?.(path, entry.name)) continue;
        const real = await io.realpath(path).catch(() => path);
        if (visited.has(real)) continue;
        visited.add(real);
        await walk(path, false);
      } else if (isFile && options.accept(entry.name)) {
        files.push(path);
      }
    }
  };
  await walk(root, true);
  return { files: files.sort(), problems };
}

/** "permission denied" for EACCES and the like: the words a user looks for, with the code. */
export function describeCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'permission denied', ENOENT: 'no such file', ELOOP: 'too many links', EIO: 'input/output error',
  };
  return code ? (words[code] ? `${words[code]}, ${code}` : code) : (error as Error)?.message ?? String(error);
}
