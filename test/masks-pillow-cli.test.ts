import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeGreyPng, decodeRgba } from '../src-main/dataset/png';
import { runCli, useTempDir } from './helpers';

const tempDir = useTempDir();

// The car: Pillow 9.4 fills row 7 at x=3, Pillow 11.2 and later at x=3..4 (drawn by real builds).
const CAR = { imgWidth: 8, imgHeight: 8, objects: [{ label: 'car', polygon: [[5, 6], [6, 5], [3, 7]] }] };

function twoFrames(): string {
  const root = tempDir();
  for (const stem of ['city_000001_000019', 'city_000002_000019']) {
    mkdirSync(join(root, 'gtFine/train/city'), { recursive: true });
    writeFileSync(join(root, `gtFine/train/city/${stem}_gtFine_polygons.json`), JSON.stringify(CAR));
  }
  return root;
}

async function row7(root: string, stem: string): Promise<number[]> {
  const { pixels } = await decodeGreyPng(join(root, `gtFine/train/city/${stem}_gtFine_labelIds.png`));
  return [...pixels.subarray(56, 64)];
}

describe('segstudio masks --pillow', () => {
  it('draws as the chosen Pillow release, in worker threads too; 9.4 by default', async () => {
    const root = twoFrames();
    expect(runCli(['masks', root, '--types', 'labelIds', '--jobs', '1']).status).toBe(0);
    expect(await row7(root, 'city_000001_000019')).toEqual([0, 0, 0, 26, 0, 0, 0, 0]);

    const result = runCli(['masks', root, '--types', 'labelIds', '--pillow', '12.0', '--jobs', '2', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ converted: 2, pillow: '12.0' });
    for (const stem of ['city_000001_000019', 'city_000002_000019']) expect(await row7(root, stem)).toEqual([0, 0, 0, 26, 26, 0, 0, 0]);
  });

  it('exports colour masks with the chosen release\'s fill (export masks --pillow)', async () => {
    const root = twoFrames();
    const out = tempDir();
    const result = runCli(['export', 'masks', '--dataset', root, '--out', out, '--pillow', '12.0', '--workers', '1']);
    expect(result.stderr).toBe('');
    const { pixels } = await decodeRgba(join(out, 'gtFine/train/city/city_000001_000019_gtFine_color.png'));
    const isCar = (x: number) => pixels[(56 + x) * 4 + 2] === 142; // car is (0, 0, 142)
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(isCar)).toEqual([false, false, false, true, true, false, false, false]);
  });

  it('refuses a release outside the supported range in one line naming the range', () => {
    const result = runCli(['masks', twoFrames(), '--pillow', '13.0']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--pillow: "13\.0" is not a Pillow release .*supported: 9\.2 to 12\.3/);
  });
});
