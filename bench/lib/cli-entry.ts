import { cliBundleState } from '../../bin/cli-bundle.mjs';

export type CliEntry = 'bundle (out/cli)' | 'TypeScript source (no bundle in out/cli)' | 'TypeScript source (out/cli is older than the sources)';

/**
 * What `bin/segstudio.mjs` will run, by its own rule. Start-up differs by more than half a second
 * between the bundle and the source, so a timing must say which one it measured.
 */
export function cliEntry(repo: string): CliEntry {
  const state = cliBundleState(repo);
  if (state === 'fresh') return 'bundle (out/cli)';
  return state === 'missing' ? 'TypeScript source (no bundle in out/cli)' : 'TypeScript source (out/cli is older than the sources)';
}
