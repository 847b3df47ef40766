import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers';
import { walkFiles, type WalkIo } from './walk-files';

const tempDir = useTempDir('segstudio-walk-');
const json = { accept: (name: string) => name.endsWith('.json') };

function tree(): string {
  const root = tempDir();
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  mkdirSync(join(root, '.hidden'));
  writeFileSync(join(root, 'a', 'one.json'), '{}');
  writeFileSync(join(root, 'a', 'b', 'two.json'), '{}');
  writeFileSync(join(root, '.hidden', 'secret.json'), '{}');
  writeFileSync(join(root, 'a', 'note.txt'), '');
  return root;
}

describe('walkFiles', () => {
  it('lists accepted files in every folder, sorted, skipping hidden ones', async () => {
    const root = tree();
    expect(await walkFiles(root, json)).toEqual({ files: [join(root, 'a', 'b', 'two.json'), join(root, 'a', 'one.json')], problems: [] });
  });

  it('follows links to files and folders, enters each folder once (no cycles), and reports broken links', async () => {
    const root = tree();
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'three.json'), '{}');
    symlinkSync(elsewhere, join(root, 'linked'));
    symlinkSync(join(root, 'a', 'one.json'), join(root, 'one-again.json'));
    symlinkSync(root, join(root, 'a', 'b', 'loop'));
    symlinkSync(join(root, 'gone'), join(root, 'broken.json'));
    const { files, problems } = await walkFiles(root, json);
    expect(files).toEqual([join(root, 'a', 'b', 'two.json'), join(root, 'a', 'one.json'), join(root, 'linked', 'three.json'), join(root, 'one-again.json')]);
    expect(problems).toEqual([{ path: join(root, 'broken.json'), reason: 'a link that cannot be followed (no such file, ENOENT); skipped' }]);
  });

  it('reports a folder it may not read and lists the rest; only an unreadable root is fatal', async () => {
    const root = tree();
    const denied = (path: string) => path === join(root, 'a', 'b');
    const io: WalkIo = {
      stat, realpath,
      readdir: (async (path: string, options: never) => {
        if (denied(path)) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
        return readdir(path, options);
      }) as WalkIo['readdir'],
    };
    expect(await walkFiles(root, json, io)).toEqual({
      files: [join(root, 'a', 'one.json')],
      problems: [{ path: join(root, 'a', 'b'), reason: 'cannot read this folder (permission denied, EACCES); skipped' }],
    });
    await expect(walkFiles(join(root, 'a', 'b'), json, io)).rejects.toThrow('EACCES');
  });
});
