import { buildLabelIndex, type LabelIndex, type LabelSpec } from '../../../src-shared/labels';
import type { PillowGeneration } from '../../../src-shared/raster';
import { augmentSample, type AugmentConfig } from './augment';
import { loadSampleCached, type InputCacheSpec } from './input-cache';
import { loadSample } from './load';
import { normalize, type ChannelStats } from './normalize';
import { seededRandom } from './random';
import type { TrainingSample } from './samples';
import type { ImageSize, LabelledImage } from './types';

/** Everything a loading thread needs, sent once when it starts (structured-clonable). */
export interface BatchSpec {
  readonly samples: readonly TrainingSample[];
  readonly size: ImageSize;
  readonly augment: AugmentConfig;
  readonly stats: ChannelStats;
  readonly seed: number;
  readonly labelSpec: LabelSpec;
  /** The Pillow fill labels drawn from polygons follow; 9.2 (covering 9.4) when absent. */
  readonly pillow?: PillowGeneration;
  /** Keep decoded, resized samples on disk between epochs and runs; off when absent. */
  readonly inputCache?: InputCacheSpec;
}

export interface BatchJob {
  readonly epoch: number;
  readonly sampleIndices: readonly number[];
}

export interface AssembledBatch {
  /** N×H×W×3, normalized. */
  readonly images: Float32Array;
  /** N×H×W train ids; 255 is ignored. */
  readonly labels: Uint8Array;
}

/** The random stream of one sample in one epoch: the same whichever thread loads it, and whenever. */
export function sampleRandom(seed: number, epoch: number, sampleIndex: number) {
  return seededRandom(seed, epoch, sampleIndex, 1);
}

/** Loads, augments and normalizes the samples of a batch into two fresh buffers. */
export class BatchAssembler {
  private readonly labels: LabelIndex;

  constructor(private readonly spec: BatchSpec) {
    this.labels = buildLabelIndex(spec.labelSpec);
  }

  async assemble(job: BatchJob): Promise<AssembledBatch> {
    const { height, width } = this.spec.size;
    const pixels = height * width;
    const images = new Float32Array(job.sampleIndices.length * pixels * 3);
    const labels = new Uint8Array(job.sampleIndices.length * pixels);
    // Decoding the next photo (a libvips thread) overlaps augmenting this one (this thread).
    let next = this.loadQuietly(job.sampleIndices[0]);
    for (let slot = 0; slot < job.sampleIndices.length; slot++) {
      const loaded = await next;
      if (slot + 1 < job.sampleIndices.length) next = this.loadQuietly(job.sampleIndices[slot + 1]);
      const sampleIndex = job.sampleIndices[slot];
      const sample = augmentSample(loaded, this.spec.augment, sampleRandom(this.spec.seed, job.epoch, sampleIndex));
      normalize(sample.image, this.spec.stats, images.subarray(slot * pixels * 3, (slot + 1) * pixels * 3));
      labels.set(sample.label, slot * pixels);
    }
    return { images, labels };
  }

  /** Starts a load whose failure is reported where it is awaited, not as an unhandled rejection if the batch fails first. */
  private loadQuietly(sampleIndex: number): Promise<LabelledImage> {
    const loading = this.load(sampleIndex);
    loading.catch(() => undefined);
    return loading;
  }

  private async load(sampleIndex: number): Promise<LabelledImage> {
    const sample = this.spec.samples[sampleIndex];
    try {
      const { size, pillow, inputCache } = this.spec;
      return inputCache
        ? await loadSampleCached(sample, size, this.labels, this.spec.labelSpec, pillow, inputCache)
        : await loadSample(sample, size, this.labels, pillow);
    } catch (error) {
      throw new Error(`cannot load training sample ${sample.id}: ${(error as Error).message}`);
    }
  }
}
