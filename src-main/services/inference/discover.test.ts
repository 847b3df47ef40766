import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { findInputImages, outputPathsFor, planInference } from './discover';

describe('inference discovery', () => {
  const tempDir = useTempDir();

  function touch(path: string): string {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    return path;
  }

  it('finds PNG and JPEG files recursively, skipping hidden folders, other files and the output folder inside the input', async () => {
    const root = tempDir();
    const expected = [touch(join(root, 'a.PNG')), touch(join(root, 'x', 'b.jpg')), touch(join(root, 'x', 'y', 'c.jpeg'))];
    touch(join(root, 'notes.txt'));
    touch(join(root, '.cache', 'd.png'));
    touch(join(root, 'predictions', 'a_color.png'));
    expect(await findInputImages(root, join(root, 'predictions'))).toEqual({ files: expected.sort(), problems: [] });
  });

  it('names outputs after the image without _leftImg8bit, in a mirror of the input tree', () => {
    expect(outputPathsFor('/in', '/out', '/in/val/aachen/aachen_000000_000019_leftImg8bit.png', ['color', 'labelIds', 'trainIds', 'overlay'])).toEqual({
      color: '/out/val/aachen/aachen_000000_000019_color.png',
      labelIds: '/out/val/aachen/aachen_000000_000019_labelIds.png',
      trainIds: '/out/val/aachen/aachen_000000_000019_trainIds.png',
      overlay: '/out/val/aachen/aachen_000000_000019_overlay.jpg',
    });
    expect(outputPathsFor('/in', '/out', '/in/street.jpeg', ['color']).color).toBe('/out/street_color.png');
  });

  it('plans only the outputs still missing, skips finished images, redoes all with overwrite, and refuses clashing names', async () => {
    const input = tempDir();
    const output = tempDir();
    const images = ['a.png', 'b.png', 'c.png', 'c.jpg'].map((name) => touch(join(input, name)));
    touch(join(output, 'a_color.png'));
    touch(join(output, 'a_trainIds.png'));
    touch(join(output, 'b_color.png'));

    const plan = await planInference(images.sort(), input, output, ['color', 'trainIds'], false);
    expect(plan.skipped).toEqual([join(input, 'a.png')]);
    expect(plan.jobs).toEqual([
      { inputPath: join(input, 'b.png'), outputs: { trainIds: join(output, 'b_trainIds.png') } },
      { inputPath: join(input, 'c.jpg'), outputs: { color: join(output, 'c_color.png'), trainIds: join(output, 'c_trainIds.png') } },
    ]);
    expect(plan.conflicts).toEqual([{ path: join(input, 'c.png'), error: 'would write the same outputs as c.jpg; skipped' }]);

    const redo = await planInference(images.sort(), input, output, ['color'], true);
    expect(redo.jobs.map((job) => job.inputPath)).toEqual(['a.png', 'b.png', 'c.jpg'].map((name) => join(input, name)));
    expect(redo.skipped).toEqual([]);
  });
});
