import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';

/**
 * The real path of `path` when it lies inside one of `roots` once every symbolic link is resolved, and
 * no folder or file on the way down from that root is hidden (a dot name); otherwise null. This is how
 * a server decides which files it may hand out: a textual check would follow a link out of the root.
 */
export async function confinedRealPath(path: string, roots: readonly string[]): Promise<string | null> {
  const real = await realpath(path).catch(() => null);
  if (real === null) return null;
  for (const root of roots) {
    const realRoot = await realpath(resolve(root)).catch(() => null);
    if (realRoot === null) continue;
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || inside.startsWith(sep) || /^[a-zA-Z]:/.test(inside)) continue;
    if (inside.split(sep).some((part) => part.startsWith('.'))) continue;
    return real;
  }
  return null;
}
