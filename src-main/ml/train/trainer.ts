import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { buildLabelIndex, type LabelIndex } from '../../../src-shared/labels';
import { computeSegmentationMetrics } from '../../../src-shared/metrics';
import { pillowGeneration } from '../../../src-shared/raster';
import { scanFrames, type FrameEntry } from '../../dataset/frames';
import type { ClassMetricsRecord } from '../../../src-shared/api/runs';
import { datasetFingerprint } from '../data/fingerprint';
import { pruneInputCache } from '../data/input-cache';
import { BatchLoader } from '../data/loader';
import { datasetChannelStats, IMAGENET_STATS, type ChannelStats } from '../data/normalize';
import { samplesOfFrames, storedTrainIdsFit, type SampleList, type TrainingSample } from '../data/samples';
import { initEngine, type EngineName } from '../engine/init-engine';
import { buildModel } from '../models';
import { DataParallelStep } from '../parallel/data-parallel-step';
import { defaultTrainingThreads } from '../parallel/threads';
import { classFrequencies, enetClassWeights } from './class-weights';
import { checkpointKinds, keptCheckpointEpochs } from './checkpoint-policy';
import { checkpointEpochs, checkpointPath, loadCheckpoint, pruneCheckpoints, saveCheckpoint, type TrainerState } from './checkpoint-io';
import { validateTrainConfig, type TrainConfig } from './config';
import { updateMonitor } from './early-stopping';
import type { TrainingControl, TrainingEvent, TrainingEventSink } from './events';
import { TrainingOptimizer } from './optimizers';
import { writeColorPrediction } from './sample-png';
import { learningRateAt, type ScheduleConfig } from './schedules';
import { StepTimer } from './step-timer';
import { trainStep } from './training-step';
import { validate } from './validation';

export interface TrainerOptions {
  readonly config: TrainConfig;
  /** Checkpoints and sample predictions go here. */
  readonly runDir: string;
  /** Dataset statistics are cached here. */
  readonly cacheDir: string;
  readonly datasetFingerprint?: string;
  /**
   * Keep decoded, resized samples in `<cacheDir>/inputs` (default true): later epochs and runs at the
   * same size read 4 bytes a pixel instead of decoding full-size photos and drawing polygons.
   */
  readonly cacheInputs?: boolean;
  readonly backend?: EngineName;
  /** Continue from the newest checkpoint in runDir (from scratch if there is none). */
  readonly resume?: boolean;
  /** Threads a batch is split over (data-parallel); default one per core on wasm and cpu, 1 on the TensorFlow engines. */
  readonly threads?: number;
}

export type FinishedEvent = Extract<TrainingEvent, { type: 'finished' }>;

const FRESH_STATE: TrainerState = { epoch: 0, globalStep: 0, bestMiou: null, bestEpoch: null, bestMonitored: null, epochsWithoutImprovement: 0 };

/**
 * Trains `config` epoch by epoch: steps with the scheduled learning rate, validation through one
 * confusion matrix, sample predictions, checkpoints (newest, periodic, best by val mIoU) and early
 * stopping, reporting each through `emit`. Returns the finish event (also emitted); throws on failure.
 */
export async function runTraining(options: TrainerOptions, emit: TrainingEventSink, control: TrainingControl): Promise<FinishedEvent> {
  const { config, runDir } = options;
  validateTrainConfig(config);
  const engine = await initEngine({ backend: options.backend });
  const size = { height: config.inputHeight, width: config.inputWidth };
  const pillow = pillowGeneration(config.pillow);

  // Class count, ignored pixels, class weights, metrics and sample colours all follow the run's own label spec.
  const labels = buildLabelIndex(config.labels);
  const numClasses = labels.numClasses;
  const frames = await scanFrames(config.datasetRoot);
  const { train, val } = await trainAndValSamples(config, frames, labels);
  for (const message of [...train.warnings, ...val.warnings]) emit({ type: 'warning', message });
  if (train.samples.length === 0) throw new Error(`${config.datasetRoot}: no usable training frames in the train split`);
  if (val.samples.length === 0) throw new Error(`${config.datasetRoot}: no usable frames in the val split`);

  const stats = await channelStats(options, frames, train.samples);
  const loss = config.loss.classWeighting === 'enet'
    ? { ...config.loss, classWeights: enetClassWeights(await classFrequencies(train.samples, size, labels, numClasses, pillow)) }
    : config.loss;
  const inputCache = options.cacheInputs === false ? undefined
    : { dir: join(options.cacheDir, 'inputs'), dataset: config.datasetRoot, fingerprint: options.datasetFingerprint ?? await datasetFingerprint(frames) };
  if (inputCache) await pruneInputCache(inputCache, size);
  const trainLoader = new BatchLoader({
    samples: train.samples, size, batchSize: config.batchSize, stats, augment: config.augment, seed: config.seed,
    workers: config.loaderWorkers, labelSpec: config.labels, pillow, inputCache,
  });
  // Unshuffled and unaugmented: every epoch number serves the same batches, and asking for the current one keeps its prefetch.
  const valLoader = new BatchLoader({
    samples: val.samples, size, batchSize: config.batchSize, stats, shuffle: false, workers: config.loaderWorkers, labelSpec: config.labels, pillow, inputCache,
  });
  const optimizer = new TrainingOptimizer(config.optimizer);
  let model: tfl.LayersModel | undefined;
  let parallel: DataParallelStep | undefined;
  try {
    const resumed = options.resume ? await resumeFrom(runDir) : undefined;
    model = resumed?.model ?? buildModel({ ...config.model, inputHeight: size.height, inputWidth: size.width, numClasses, seed: config.seed });
    if (resumed) {
      // The saved slots (moments, momentum, step count) stand in for the zeros a fresh optimizer would start from.
      await optimizer.inner.setWeights(resumed.optimizerWeights);
      tf.dispose(resumed.optimizerWeights.map((w) => w.tensor));
    }
    const threads = Math.min(options.threads ?? defaultTrainingThreads(engine.backend), config.batchSize);
    if (threads > 1) parallel = await DataParallelStep.start(model, threads, engine.backend);
    let state = resumed?.state ?? FRESH_STATE;
    emit({
      type: 'started', engine: engine.backend, device: describeDevice(engine.device, threads), engineDescription: engine.description,
      trainSamples: train.samples.length, valSamples: val.samples.length, stepsPerEpoch: trainLoader.batchesPerEpoch, fromEpoch: state.epoch,
    });

    const sampleIds = sampleSubset(val.samples, config.sampleCount);
    const stepsPerEpoch = trainLoader.batchesPerEpoch;
    const totalSteps = stepsPerEpoch * config.epochs;
    const schedule = stepSchedule(config, stepsPerEpoch);
    const stepTimer = new StepTimer();
    let reason: FinishedEvent['reason'] = null;

    for (let epoch = state.epoch + 1; epoch <= config.epochs; epoch++) {
      const epochStarted = performance.now();
      let lossSum = 0;
      let frames = 0;
      for await (const batch of trainLoader.epoch(epoch)) {
        await control.whilePaused();
        if (control.isCancelled()) break;
        const lr = learningRateAt(schedule, config.optimizer.lr, state.globalStep, totalSteps);
        optimizer.setLearningRate(lr);
        const started = performance.now();
        const stepLoss = parallel ? await parallel.step(model, optimizer, batch, loss) : trainStep(model, optimizer, batch, loss);
        if (!Number.isFinite(stepLoss)) throw new Error(`training diverged: the loss is ${stepLoss} at epoch ${epoch}, step ${batch.index + 1} (try a lower learning rate)`);
        stepTimer.add(performance.now() - started, batch.count);
        lossSum += stepLoss * batch.count;
        frames += batch.count;
        state = { ...state, globalStep: state.globalStep + 1 };
        emit({
          type: 'step', epoch, step: batch.index + 1, stepsPerEpoch, globalStep: state.globalStep, totalSteps, loss: stepLoss, lr,
          imagesPerSecond: stepTimer.imagesPerSecond(), etaSeconds: stepTimer.secondsPerStep() * (totalSteps - state.globalStep),
        });
      }
      if (control.isCancelled()) {
        reason = 'cancelled';
        break;
      }

      const sampleDir = join(runDir, 'samples', `epoch-${String(epoch).padStart(4, '0')}`);
      const samplePaths: Array<{ frameId: string; path: string }> = [];
      const validation = await validate(model, valLoader.epoch(epoch), labels, loss, async (frameId, prediction, height, width) => {
        if (!sampleIds.has(frameId)) return;
        const path = join(sampleDir, `${frameId.split('/').pop()!.replace(/_gt(Fine|Coarse)$/, '')}.png`);
        await writeColorPrediction(path, prediction, height, width, labels.colorByTrainId);
        samplePaths.push({ frameId, path });
      });
      const scores = computeSegmentationMetrics(validation.matrix);
      const miou = scores.means.iou;
      const seconds = (performance.now() - epochStarted) / 1000;
      emit({
        type: 'epoch', epoch,
        metrics: {
          trainLoss: frames > 0 ? lossSum / frames : 0, valLoss: validation.loss, miou, pixelAccuracy: scores.pixelAccuracy,
          meanDice: scores.means.dice, imagesPerSecond: stepTimer.imagesPerSecond(), seconds,
          extra: {
            lr: optimizer.learningRate, meanSensitivity: scores.means.sensitivity, meanSpecificity: scores.means.specificity,
            meanAccuracy: scores.means.accuracy, evaluatedClasses: scores.evaluatedClasses,
          },
        },
        // Indexed by train id; outputs no label of the spec claims (gaps in its train ids) are left out.
        classes: scores.classes.flatMap((c, classTrainId): ClassMetricsRecord[] => (labels.byTrainId.has(classTrainId) ? [{
          classTrainId, iou: c.iou, dice: c.dice, accuracy: c.accuracy, sensitivity: c.sensitivity, specificity: c.specificity,
        }] : [])),
      });
      for (const sample of samplePaths) emit({ type: 'sample', epoch, ...sample });

      const isBest = miou !== null && (state.bestMiou === null || miou > state.bestMiou);
      const monitor = config.earlyStopping
        ? updateMonitor(config.earlyStopping, { best: state.bestMonitored, epochsWithoutImprovement: state.epochsWithoutImprovement }, { miou, valLoss: validation.loss })
        : { best: null, epochsWithoutImprovement: 0, shouldStop: false };
      state = {
        ...state, epoch,
        bestMiou: isBest ? miou : state.bestMiou, bestEpoch: isBest ? epoch : state.bestEpoch,
        bestMonitored: monitor.best, epochsWithoutImprovement: monitor.epochsWithoutImprovement,
      };
      const path = await saveCheckpoint(runDir, model, optimizer.inner, state);
      emit({ type: 'checkpoint', epoch, kinds: checkpointKinds(epoch, config.checkpointEvery, config.epochs, isBest), path });
      await pruneCheckpoints(runDir, keptCheckpointEpochs(epoch, state.bestEpoch, config.checkpointEvery));
      if (monitor.shouldStop) {
        reason = 'early-stopping';
        break;
      }
    }
    const finished: FinishedEvent = {
      type: 'finished', status: reason === 'cancelled' ? 'cancelled' : 'done', reason,
      epochsDone: state.epoch, bestMiou: state.bestMiou, bestEpoch: state.bestEpoch,
    };
    emit(finished);
    return finished;
  } finally {
    await Promise.all([trainLoader.close(), valLoader.close(), parallel?.close()]);
    optimizer.dispose();
    model?.dispose();
  }
}

/** The train and val samples from one scan of the dataset; stored train-id PNGs only where they hold the run's train ids. */
async function trainAndValSamples(config: TrainConfig, frames: readonly FrameEntry[], labels: LabelIndex): Promise<{ train: SampleList; val: SampleList }> {
  const useStoredTrainIds = await storedTrainIdsFit(config.datasetRoot, config.labels);
  const [train, val] = await Promise.all(['train', 'val'].map((split) =>
    samplesOfFrames(frames.filter((frame) => frame.split === split), labels, { useStoredTrainIds })));
  return { train, val };
}

async function channelStats(options: TrainerOptions, frames: readonly FrameEntry[], samples: readonly TrainingSample[]): Promise<ChannelStats> {
  const { config } = options;
  if (config.normalization === 'imagenet') return IMAGENET_STATS;
  const fingerprint = options.datasetFingerprint ?? await datasetFingerprint(frames);
  const { stats } = await datasetChannelStats(samples, { size: { height: config.inputHeight, width: config.inputWidth }, fingerprint, cacheDir: options.cacheDir });
  return stats;
}

/** `count` val frames spread evenly over the list (so over its cities): the same every epoch and every resume. */
function sampleSubset(samples: readonly TrainingSample[], count: number): Set<string> {
  const chosen = new Set<string>();
  const stride = samples.length / Math.min(count, samples.length);
  for (let i = 0; i < Math.min(count, samples.length); i++) chosen.add(samples[Math.floor(i * stride)].id);
  return chosen;
}

async function resumeFrom(runDir: string) {
  const epochs = await checkpointEpochs(runDir);
  if (epochs.length === 0) return undefined;
  return loadCheckpoint(checkpointPath(runDir, epochs[epochs.length - 1]));
}

/** The engine's device with the number of data-parallel threads the batch is split over, when more than one. */
function describeDevice(device: string, threads: number): string {
  if (threads <= 1) return device;
  return /\d+ threads?\)$/.test(device) ? device.replace(/\d+ threads?\)$/, `${threads} threads, data-parallel)`) : `${device} × ${threads} threads`;
}

function stepSchedule(config: TrainConfig, stepsPerEpoch: number): ScheduleConfig {
  const { warmupEpochs, stepEpochs, ...rest } = config.schedule;
  return {
    ...rest,
    warmupSteps: Math.round((warmupEpochs ?? 0) * stepsPerEpoch),
    stepSize: stepEpochs === undefined ? undefined : Math.max(1, Math.round(stepEpochs * stepsPerEpoch)),
  };
}
