import { availableParallelism } from 'node:os';
import { CITYSCAPES, type LabelSpec } from '../../../src-shared/labels';
import { CITYSCAPES_AVERAGE_INSTANCE_SIZE, CityscapesBenchmark, type CityscapesScores } from '../../../src-shared/metrics';
import { findGroundTruthFrames, findPredictionFiles, folderProblem, matchPrediction } from './discover';
import { forEachInOrder } from './in-order';
import { loadEvalFrame, type FramePaths, type LoadedFrame } from './load-frame';

export interface EvaluateCityscapesOptions {
  /** Searched recursively for `*_gtFine_labelIds.png`, each with its `*_gtFine_instanceIds.png` beside it. */
  readonly gtDir: string;
  /** Searched recursively for one `<city>_<seq>_<frame>*.png` labelIds prediction per ground-truth frame. */
  readonly predDir: string;
  /** Default: Cityscapes. */
  readonly labels?: LabelSpec;
  /**
   * iIoU weight per class name. Default: the official constants for Cityscapes, none for a custom
   * spec; a class without one is weighted by its mean instance size over the evaluated frames.
   */
  readonly averageInstanceSize?: Readonly<Record<string, number>>;
  /** Frames decoded at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CityscapesEvaluation {
  readonly scores: CityscapesScores;
  /** Frames counted into the scores. */
  readonly frames: number;
  /** Ground-truth frames found, counted or not. */
  readonly framesFound: number;
  /** One line per problem, each naming its file; any line means some input was left out. */
  readonly errors: readonly string[];
}

/** The official Cityscapes pixel-level benchmark over every ground-truth frame under `gtDir`. */
export async function evaluateCityscapes(options: EvaluateCityscapesOptions): Promise<CityscapesEvaluation> {
  const spec = options.labels ?? CITYSCAPES;
  const averageInstanceSize = options.averageInstanceSize ?? (spec === CITYSCAPES ? CITYSCAPES_AVERAGE_INSTANCE_SIZE : {});
  const benchmark = new CityscapesBenchmark(spec);
  const finish = (framesFound: number, errors: readonly string[]): CityscapesEvaluation =>
    ({ scores: benchmark.scores(averageInstanceSize), frames: benchmark.frames, framesFound, errors });

  const folderErrors = (await Promise.all([folderProblem(options.gtDir, 'ground-truth'), folderProblem(options.predDir, 'prediction')]))
    .filter((problem): problem is string => problem !== null);
  if (folderErrors.length > 0) return finish(0, folderErrors);

  const walkProblems: string[] = [];
  const [groundTruth, predictionFiles] = await Promise.all([findGroundTruthFrames(options.gtDir, walkProblems), findPredictionFiles(options.predDir, walkProblems)]);
  if (groundTruth.length === 0) return finish(0, [`${options.gtDir}: no *_gtFine_labelIds.png files in this folder`]);

  const errors: string[] = [...walkProblems];
  const jobs: FramePaths[] = [];
  for (const frame of groundTruth) {
    const match = matchPrediction(frame, predictionFiles);
    if ('problem' in match) errors.push(match.problem);
    else jobs.push({ labelIds: frame.labelIdsPath, instanceIds: frame.instanceIdsPath, prediction: match.path });
  }

  const concurrency = options.concurrency ?? Math.max(2, availableParallelism());
  let done = groundTruth.length - jobs.length;
  await forEachInOrder(jobs, concurrency, loadEvalFrame, (loaded: LoadedFrame, paths) => {
    if (!loaded.ok) errors.push(...loaded.errors);
    else for (const problem of benchmark.addFrame(loaded.frame)) errors.push(`${paths[problem.image]}: ${problem.message}`);
    options.onProgress?.(++done, groundTruth.length);
  });
  return finish(groundTruth.length, errors);
}
