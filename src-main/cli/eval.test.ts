import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { useTempDir } from '../../test/helpers';
import { runEval } from './eval';
import { UsageError } from './usage-error';
import { CAR_IIOU, CAR_IOU, PREDICTION, ROAD_IOU, writeGrey8, writeGroundTruth } from '../services/eval/__fixtures__/dataset';

const tempDir = useTempDir('segstudio-eval-cli-');
let log: MockInstance<typeof console.log>;
let error: MockInstance<typeof console.error>;
const stdout = () => log.mock.calls.map((call) => call.join(' ')).join('\n');
const stderr = () => error.mock.calls.map((call) => call.join(' ')).join('\n');

beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => {});
  error = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

async function datasetWithPredictions(stems: string[], predicted: string[]): Promise<{ gtDir: string; predDir: string }> {
  const dirs = await writeGroundTruth(tempDir(), stems);
  for (const stem of predicted) await writeGrey8(join(dirs.predDir, `${stem}_leftImg8bit.png`), PREDICTION);
  return dirs;
}

describe('segstudio eval', () => {
  it('prints the official table of class and category IoU and iIoU', async () => {
    const { gtDir, predDir } = await datasetWithPredictions(['aachen_000000_000019'], ['aachen_000000_000019']);
    expect(await runEval(['--gt', gtDir, '--pred', predDir])).toBe(0);
    expect(stderr()).toBe('');
    const out = stdout();
    expect(out).toContain('eval: 1 of 1 frames evaluated');
    expect(out).toContain('classes          IoU     iIoU\n--------------------------------\nroad          : 0.500      n/a\nsidewalk      :   n/a      n/a');
    expect(out).toContain(`car           : ${CAR_IOU.toFixed(3)}    ${CAR_IIOU.toFixed(3)}`);
    expect(out).toContain(`Score Average : ${((ROAD_IOU + CAR_IOU) / 2).toFixed(3)}    ${CAR_IIOU.toFixed(3)}`);
    expect(out).toContain('categories       IoU     iIoU');
    expect(out).toContain(`vehicle       : ${CAR_IOU.toFixed(3)}`);
    expect(out).not.toContain('void');
  });

  it('prints one JSON object with --json, n/a as null', async () => {
    const { gtDir, predDir } = await datasetWithPredictions(['aachen_000000_000019', 'bochum_000001_000019'], ['aachen_000000_000019', 'bochum_000001_000019']);
    expect(await runEval(['--gt', gtDir, '--pred', predDir, '--json'])).toBe(0);
    const result = JSON.parse(stdout());
    expect(Object.keys(result)).toEqual(['classIoU', 'classiIoU', 'categoryIoU', 'categoryiIoU', 'meanClassIoU', 'meanClassiIoU', 'meanCategoryIoU', 'meanCategoryiIoU', 'frames', 'errors']);
    expect(result.frames).toBe(2);
    expect(result.classIoU.road).toBeCloseTo(ROAD_IOU, 12);
    expect(result.classIoU.sky).toBeNull();
    expect(result.classiIoU.car).toBeCloseTo(CAR_IIOU, 12);
    expect(result.meanCategoryiIoU).toBeCloseTo(CAR_IIOU, 12);
    expect(Object.keys(result.classIoU)).toHaveLength(19);
  });

  it('exits 1 with one error line per frame that could not be evaluated', async () => {
    const { gtDir, predDir } = await datasetWithPredictions(['aachen_000000_000019', 'bochum_000001_000019'], ['aachen_000000_000019']);
    expect(await runEval(['--gt', gtDir, '--pred', predDir, '--json'])).toBe(1);
    expect(stderr()).toBe(`error: ${join(gtDir, 'gtFine/val/bochum/bochum_000001_000019_gtFine_labelIds.png')}: no prediction named bochum_000001_000019*.png`);
    expect(JSON.parse(stdout()).frames).toBe(1);
  });

  it('rejects missing or unknown flags as usage errors', async () => {
    await expect(runEval(['--pred', 'x'])).rejects.toThrow(UsageError);
    await expect(runEval(['--gt', 'x'])).rejects.toThrow('--pred DIR is required');
    await expect(runEval(['--gt', 'x', '--pred', 'y', '--frobnicate'])).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    await expect(runEval(['--gt', 'x', '--pred', 'y', 'extra'])).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
  });
});
