import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { ExportEvent, ExportSummary, InferFailure } from '../../../src-shared/api/inference';
import { formatProblem, type AnnotationProblem } from '../../../src-shared/annotation';
import type { LabelSpec } from '../../../src-shared/labels';
import { DEFAULT_PILLOW_VERSION, pillowGeneration } from '../../../src-shared/raster';
import { datasetLabels } from '../../dataset/label-spec';
import { discoverMaskJobs } from '../masks/discover';
import { generateMasks } from '../masks/generate';
import type { ExportJob } from './export-job';
import { UserError } from '../../../src-shared/errors';

export interface ExportMasksRequest {
  readonly datasetRoot: string;
  readonly outputDir: string;
  /** Only this split (a folder under gtFine, or under the root of a plain tree). */
  readonly split?: string;
  /** Default: the dataset's own `segstudio.labels.json`, else Cityscapes (`datasetLabels`). */
  readonly labelSpec?: LabelSpec;
  /** The Pillow release whose fill to follow; 9.4 unless given. */
  readonly pillow?: string;
  /** Worker threads; one per core unless given. */
  readonly workers?: number;
}

/**
 * Colour masks in the label spec's palette for every polygon annotation of a dataset, drawn by the same
 * rasterizer and PNG writer as `segstudio masks`. A Cityscapes root's gtFine tree is mirrored under
 * `<outputDir>/gtFine` (`gtFine/<split>/<city>/<stem>_gtFine_color.png`); any other tree as it is.
 */
export async function startMasksExport(request: ExportMasksRequest, onEvent: (event: ExportEvent) => void = () => {}): Promise<ExportJob> {
  const started = performance.now();
  const generation = pillowGeneration(request.pillow ?? DEFAULT_PILLOW_VERSION);
  const root = resolve(request.datasetRoot);
  if (!(await isFolder(root))) throw new UserError(`${request.datasetRoot}: no such folder`);
  const base = (await isFolder(join(root, 'gtFine'))) ? 'gtFine' : '';
  const rel = join(base, request.split ?? '');
  const input = join(root, rel);
  if (!(await isFolder(input))) throw new UserError(`${request.datasetRoot}: no split folder ${rel}`);
  const outputDir = resolve(request.outputDir);
  const spec = request.labelSpec ?? (await datasetLabels(root)).spec;

  const { jobs, inputErrors } = await discoverMaskJobs([input], ['color'], join(outputDir, rel));
  if (jobs.length === 0) throw new UserError(inputErrors[0] ?? `${request.datasetRoot}: no *_polygons.json annotations`);
  const failures: InferFailure[] = [];
  const files: string[] = [];
  const cancelled = new AbortController();
  const generated = generateMasks(jobs, spec, {
    jobs: request.workers,
    signal: cancelled.signal,
    generation,
    onResult: ({ done, total, result }) => {
      if (result.ok) files.push(...result.written.map((path) => relative(outputDir, path)));
      else {
        const firstError = result.problems.find((problem) => problem.severity === 'error');
        const failure = { path: result.jsonPath, error: firstError ? problemWithoutFile(firstError) : 'cannot convert' };
        failures.push(failure);
        onEvent({ type: 'file-failed', ...failure });
      }
      onEvent({ type: 'progress', done, total, failed: failures.length });
    },
  });
  const finished = generated.then(() => {
    const summary: ExportSummary = {
      kind: 'masks', outputDir, files: files.sort(), failures, seconds: (performance.now() - started) / 1000, cancelled: cancelled.signal.aborted,
    };
    onEvent({ type: 'finished', summary });
    return summary;
  });
  // Frames in flight when cancelled still finish, each written all or none, so a re-run picks up cleanly.
  return { finished, cancel: () => cancelled.abort() };
}

/** The problem's text without its leading file name, which the failure carries as its path. */
function problemWithoutFile(problem: AnnotationProblem): string {
  const text = formatProblem(problem);
  return text.startsWith(`${problem.file}: `) ? text.slice(problem.file.length + 2) : text;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
