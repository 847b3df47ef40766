import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors';
import { firstExisting, scanFrames } from './frames';
import { DATASET_MANIFEST_FILE, readDatasetManifest } from './manifest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'segstudio-manifest-'));
  made.push(dir);
  return dir;
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function writePhoto(path: string): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  await sharp(Buffer.alloc(4 * 2 * 3, 90), { raw: { width: 4, height: 2, channels: 3 } }).png().toFile(path);
}

const POLYGONS = JSON.stringify({ imgWidth: 4, imgHeight: 2, objects: [] });

describe('dataset manifest', () => {
  it('defaults to the root\'s leftImg8bit when there is none', async () => {
    const root = tempDir();
    expect(await readDatasetManifest(root)).toEqual({ photos: join(root, 'leftImg8bit') });
  });

  it('points a Cityscapes root at another folder\'s photos, resolved against the root', async () => {
    const parent = tempDir();
    const photo = join(parent, 'shared', 'leftImg8bit', 'val', 'lakeside', 'lakeside_000000_000019_leftImg8bit.png');
    await writePhoto(photo);
    const root = join(parent, 'relabelled');
    write(join(root, 'gtFine', 'val', 'lakeside', 'lakeside_000000_000019_gtFine_polygons.json'), POLYGONS);
    write(join(root, DATASET_MANIFEST_FILE), JSON.stringify({ photos: '../shared/leftImg8bit' }));

    expect(await readDatasetManifest(root)).toEqual({ photos: join(parent, 'shared', 'leftImg8bit') });
    const [frame] = await scanFrames(root);
    expect(frame).toMatchObject({ id: 'gtFine/val/lakeside/lakeside_000000_000019_gtFine', split: 'val', city: 'lakeside' });
    expect(await firstExisting(frame.photoCandidates)).toBe(photo);
  });

  it('mirrors a plain tree under the photos folder, still finding photos beside the polygons', async () => {
    const parent = tempDir();
    const root = join(parent, 'labels');
    write(join(root, 'train', 'a_polygons.json'), POLYGONS);
    write(join(root, 'train', 'b_polygons.json'), POLYGONS);
    await writePhoto(join(parent, 'photos', 'train', 'a.jpg'));
    await writePhoto(join(root, 'train', 'b.png'));
    write(join(root, DATASET_MANIFEST_FILE), JSON.stringify({ photos: join(parent, 'photos') }));

    const [a, b] = await scanFrames(root);
    expect(await firstExisting(a.photoCandidates)).toBe(join(parent, 'photos', 'train', 'a.jpg'));
    expect(await firstExisting(b.photoCandidates)).toBe(join(root, 'train', 'b.png'));
  });

  it('refuses a bad manifest with one line naming the file', async () => {
    const root = tempDir();
    const path = join(root, DATASET_MANIFEST_FILE);
    const cases: Array<[string, RegExp]> = [
      ['{"photos": ', /: not valid JSON \(/],
      ['["../x"]', /: expected a JSON object such as \{"photos": /],
      ['{"photo": "../x"}', /: unknown field "photo" \(known: photos\)$/],
      ['{"photos": 3}', /: "photos" must be a folder path \(relative to the dataset root or absolute\), got 3$/],
      ['{"photos": "../no-such-folder"}', /: "photos": .*no-such-folder is not a folder$/],
    ];
    for (const [text, message] of cases) {
      write(path, text);
      const error = await readDatasetManifest(root).catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(UserError);
      expect((error as Error).message.startsWith(`${path}: `), text).toBe(true);
      expect((error as Error).message, text).toMatch(message);
      expect((error as Error).message.split('\n'), text).toHaveLength(1);
      await expect(scanFrames(root), text).rejects.toThrow(message);
    }
  });
});
