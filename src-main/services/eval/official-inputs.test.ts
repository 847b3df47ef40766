import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ScoresByName } from '../../../src-shared/metrics';
import { evaluateCityscapes } from './evaluate';

// Three frames and the official evalPixelLevelSemanticLabeling's scores of them: see __fixtures__/official_eval.py.
const DIR = join(import.meta.dirname, '__fixtures__', 'official-eval');
type Scores = Record<string, number | null>;
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  classScores: Scores; classInstScores: Scores; categoryScores: Scores; categoryInstScores: Scores;
  averageScoreClasses: number; averageScoreInstClasses: number; averageScoreCategories: number; averageScoreInstCategories: number;
};

function expectScores(ours: ScoresByName, official: Scores): void {
  for (const [name, value] of Object.entries(ours)) {
    if (official[name] === null) expect(value, name).toBeNull();
    else expect(value, name).toBeCloseTo(official[name]!, 12);
  }
}

describe('eval reads what the official script reads', () => {
  it('has a palette prediction, a 16-bit one and 8-bit ground-truth instanceIds', async () => {
    const meta = (path: string) => sharp(join(DIR, path)).metadata();
    expect((await meta('pred/aachen_000000_000019_pred.png')).isPalette).toBe(true);
    expect((await meta('pred/bochum_000001_000019_pred.png')).depth).toBe('ushort');
    expect((await meta('gt/gtFine/val/cologne/cologne_000002_000019_gtFine_instanceIds.png')).depth).toBe('uchar');
  });

  it('scores them as the official script does: palette by index, 16-bit grey, 8-bit instanceIds', async () => {
    const result = await evaluateCityscapes({ gtDir: join(DIR, 'gt'), predDir: join(DIR, 'pred') });
    expect(result.errors).toEqual([]);
    expect(result.frames).toBe(3);
    expectScores(result.scores.classIoU, expected.classScores);
    expectScores(result.scores.classiIoU, expected.classInstScores);
    expectScores(result.scores.categoryIoU, expected.categoryScores);
    expectScores(result.scores.categoryiIoU, expected.categoryInstScores);
    expect(result.scores.meanClassIoU).toBeCloseTo(expected.averageScoreClasses, 12);
    expect(result.scores.meanClassiIoU).toBeCloseTo(expected.averageScoreInstClasses, 12);
    expect(result.scores.meanCategoryIoU).toBeCloseTo(expected.averageScoreCategories, 12);
    expect(result.scores.meanCategoryiIoU).toBeCloseTo(expected.averageScoreInstCategories, 12);
  });
});
