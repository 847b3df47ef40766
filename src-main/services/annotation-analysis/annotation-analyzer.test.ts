import { afterEach, describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES } from '../../../src-shared/labels';
import { parseAnnotation } from '../../../src-shared/annotation';
import { AnnotationAnalyzer } from './annotation-analyzer';

const analyzers: AnnotationAnalyzer[] = [];
afterEach(() => analyzers.splice(0).forEach((analyzer) => analyzer.close()));
const analyzer = (options: ConstructorParameters<typeof AnnotationAnalyzer>[0]) => {
  const made = new AnnotationAnalyzer(options);
  analyzers.push(made);
  return made;
};

const BOW_TIE = JSON.stringify({ imgWidth: 20, imgHeight: 10, objects: [{ label: 'car', polygon: [[0, 0], [10, 10], [10, 0], [0, 10]] }, { label: 'road', deleted: 1, polygon: [] }] });

describe('AnnotationAnalyzer', () => {
  it('answers what parsing with the geometry checks answers, from a worker thread', async () => {
    const analysis = await analyzer({ workers: 1 }).analyze(BOW_TIE, 'a_polygons.json', CITYSCAPES);
    const direct = parseAnnotation(BOW_TIE, 'a_polygons.json', buildLabelIndex(CITYSCAPES), { geometryWarnings: true });
    expect(analysis).toEqual({ imgWidth: 20, imgHeight: 10, objectCount: 2, problems: direct.problems });
    expect(analysis.problems.map((p) => p.message)).toContain('polygon crosses itself (edges 0 and 2)');
  });

  it('stops a file that runs over its budget and says so, instead of waiting on it', async () => {
    // No worker even starts within a millisecond: both tries run over, and the file is reported, not awaited.
    const analysis = await analyzer({ workers: 1, budgetMs: 1 }).analyze(BOW_TIE, 'b_polygons.json', CITYSCAPES);
    expect(analysis).toEqual({ imgWidth: 0, imgHeight: 0, objectCount: null, problems: [{ severity: 'error', file: 'b_polygons.json', message: 'could not be analysed within 0.001 s' }] });
  });

  it('answers files queued behind a slow one once a worker frees up, and nothing after close', async () => {
    const pool = analyzer({ workers: 2 });
    const all = await Promise.all(Array.from({ length: 5 }, (_, i) => pool.analyze(BOW_TIE, `${i}_polygons.json`, CITYSCAPES)));
    expect(all.map((a) => a.problems[0].file)).toEqual(['0_polygons.json', '1_polygons.json', '2_polygons.json', '3_polygons.json', '4_polygons.json']);
    pool.close();
    expect((await pool.analyze(BOW_TIE, 'late_polygons.json', CITYSCAPES)).problems[0].message).toMatch(/could not be analysed/);
  });
});
