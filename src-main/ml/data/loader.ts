import type { LabelSpec } from '../../../src-shared/labels';
import type { PillowGeneration } from '../../../src-shared/raster';
import { NO_AUGMENTATION, validateAugmentConfig, type AugmentConfig } from './augment';
import type { AssembledBatch, BatchSpec } from './batch-assembler';
import { InThreadRunner, WorkerPoolRunner, type BatchRunner } from './batch-runners';
import type { InputCacheSpec } from './input-cache';
import type { ChannelStats } from './normalize';
import { seededRandom, shuffledIndices } from './random';
import type { TrainingSample } from './samples';
import type { ImageSize } from './types';

export interface BatchLoaderOptions {
  readonly samples: readonly TrainingSample[];
  readonly size: ImageSize;
  readonly batchSize: number;
  readonly stats: ChannelStats;
  /** Off (validation) unless given. */
  readonly augment?: AugmentConfig;
  /** Drives the per-epoch shuffle and every augmentation draw; default 0. */
  readonly seed?: number;
  /** Default true; false serves samples in list order (validation). */
  readonly shuffle?: boolean;
  /** Leave out the last, smaller batch of an epoch; default false. */
  readonly dropLast?: boolean;
  /** Loading threads; default 1 (the trainer needs a core). 0 loads in this thread, for tests and debugging. */
  readonly workers?: number;
  /** How many batches are loaded ahead of the one the trainer is working on; default 2. */
  readonly prefetch?: number;
  /** The run's labels: how polygons are rasterized to train ids. */
  readonly labelSpec: LabelSpec;
  /** The Pillow generation whose fill draws those polygons. */
  readonly pillow?: PillowGeneration;
  /** Where decoded, resized samples are cached on disk (`input-cache.ts`); none when absent. */
  readonly inputCache?: InputCacheSpec;
}

export interface Batch {
  readonly epoch: number;
  /** Position in the epoch, from 0. */
  readonly index: number;
  /** Samples in this batch: the batch size, or fewer for an epoch's last batch. */
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** count×H×W×3, normalized; the buffer was transferred from the loading thread, not copied. */
  readonly images: Float32Array;
  /** count×H×W train ids; 255 is ignored. */
  readonly labels: Uint8Array;
  readonly ids: readonly string[];
}

interface Prefetched {
  readonly epoch: number;
  readonly index: number;
  readonly sampleIndices: readonly number[];
  readonly result: Promise<AssembledBatch>;
}


/**
 * Serves shuffled, augmented, normalized batches epoch by epoch, loading `prefetch` batches ahead on
 * worker threads, so a training step does not wait on disk. Prefetching runs on into the next epoch;
 * asking for any other epoch (a resume) drops what was prefetched and starts there.
 */
export class BatchLoader {
  readonly batchesPerEpoch: number;
  private readonly options: Required<Omit<BatchLoaderOptions, 'labelSpec' | 'pillow' | 'inputCache'>>;
  private readonly runner: BatchRunner;
  private readonly ahead: Prefetched[] = [];
  private nextEpoch = Number.NaN;
  private nextIndex = 0;
  private orderCache: { epoch: number; batches: number[][] } | null = null;
  private isClosed = false;

  constructor(options: BatchLoaderOptions) {
    this.options = {
      samples: options.samples,
      size: options.size,
      batchSize: options.batchSize,
      stats: options.stats,
      augment: options.augment ?? NO_AUGMENTATION,
      seed: options.seed ?? 0,
      shuffle: options.shuffle ?? true,
      dropLast: options.dropLast ?? false,
      workers: options.workers ?? 1,
      prefetch: options.prefetch ?? 2,
    };
    const { samples, batchSize, workers, prefetch, size } = this.options;
    if (samples.length === 0) throw new Error('batch loader: no samples to load');
    requireInteger('batchSize', batchSize, 1);
    requireInteger('workers', workers, 0);
    requireInteger('prefetch', prefetch, 1);
    requireInteger('size.height', size.height, 1);
    requireInteger('size.width', size.width, 1);
    validateAugmentConfig(this.options.augment);
    this.batchesPerEpoch = this.options.dropLast ? Math.floor(samples.length / batchSize) : Math.ceil(samples.length / batchSize);
    if (this.batchesPerEpoch === 0) throw new Error(`batch loader: ${samples.length} samples make no full batch of ${batchSize} (dropLast is on)`);

    const spec: BatchSpec = {
      samples, size, augment: this.options.augment, stats: this.options.stats, seed: this.options.seed,
      labelSpec: options.labelSpec, pillow: options.pillow, inputCache: options.inputCache,
    };
    this.runner = workers === 0 ? new InThreadRunner(spec) : new WorkerPoolRunner(spec, workers);
  }

  /** The sample indices of each batch of `epoch`, in serving order: the same for the same seed and epoch. */
  batchOrder(epoch: number): number[][] {
    if (this.orderCache?.epoch === epoch) return this.orderCache.batches;
    const { samples, batchSize, shuffle, seed } = this.options;
    const order = shuffle ? shuffledIndices(samples.length, seededRandom(seed, epoch)) : samples.map((_, i) => i);
    const batches = Array.from({ length: this.batchesPerEpoch }, (_, b) => order.slice(b * batchSize, (b + 1) * batchSize));
    this.orderCache = { epoch, batches };
    return batches;
  }

  async *epoch(epoch: number): AsyncGenerator<Batch> {
    if (this.isClosed) throw new Error('batch loader is closed');
    const position = this.ahead[0] ?? { epoch: this.nextEpoch, index: this.nextIndex };
    if (position.epoch !== epoch || position.index !== 0) {
      this.ahead.length = 0;
      this.nextEpoch = epoch;
      this.nextIndex = 0;
    }
    const { size, samples } = this.options;
    for (let index = 0; index < this.batchesPerEpoch; index++) {
      this.fillAhead();
      const head = this.ahead.shift()!;
      this.fillAhead();
      const { images, labels } = await head.result;
      yield {
        epoch, index, count: head.sampleIndices.length, height: size.height, width: size.width,
        images, labels, ids: head.sampleIndices.map((i) => samples[i].id),
      };
    }
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.ahead.length = 0;
    await this.runner.close();
  }

  private fillAhead(): void {
    while (this.ahead.length < this.options.prefetch) {
      const epoch = this.nextEpoch;
      const index = this.nextIndex;
      const sampleIndices = this.batchOrder(epoch)[index];
      const result = this.runner.run({ epoch, sampleIndices });
      // A prefetched batch that is dropped (close, resume elsewhere) must not raise an unhandled rejection.
      result.catch(() => undefined);
      this.ahead.push({ epoch, index, sampleIndices, result });
      if (++this.nextIndex === this.batchesPerEpoch) {
        this.nextEpoch++;
        this.nextIndex = 0;
      }
    }
  }
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`batch loader: ${name} must be an integer >= ${min}, got ${value}`);
}
