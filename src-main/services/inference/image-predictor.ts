import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import sharp from 'sharp';
import type { InferOutputType } from '../../../src-shared/api/inference';
import { buildLabelIndex, type LabelIndex } from '../../../src-shared/labels';
import { loadPhoto } from '../../ml/data/load';
import { normalize } from '../../ml/data/normalize';
import { resizeLabelsNearest } from '../../ml/data/resample';
import { initEngine, type EngineInfo, type EngineName } from '../../ml/engine/init-engine';
import { loadCheckpointModel } from '../../ml/train/checkpoint-io';
import { claimedOutputs, predictedClasses } from '../../ml/train/predicted-classes';
import { writeFilesAtomic } from '../../util/atomic-write';
import { describeCode } from '../../util/walk-files';
import type { InferImageJob } from './discover';
import { blendOverlay, colorize, labelIdByTrainId, mapPixels } from './encodings';
import type { ResolvedModel } from './model-source';

const OVERLAY_JPEG_QUALITY = 90;

/** A user-facing reason one image failed; the job goes on with the others. */
export class ImageError extends Error {}

/**
 * Runs one model over photos, one at a time: the photo is resized to the training size and normalized
 * exactly as training loaded it (src-main/ml/data), the argmax label map is resized back to the
 * photo's own size with nearest neighbour (as training resized ground truth, and cheap at 2048×1024,
 * where bilinear logits would need 19 full-size float planes), then encoded and written atomically.
 */
export class ImagePredictor {
  private readonly labels: LabelIndex;
  private readonly labelIds: Uint8Array;
  private readonly claimed: readonly boolean[] | null;

  private constructor(private readonly source: ResolvedModel, private readonly model: tfl.LayersModel, readonly engine: EngineInfo) {
    this.labels = buildLabelIndex(source.labelSpec);
    this.labelIds = labelIdByTrainId(this.labels);
    this.claimed = claimedOutputs(this.labels);
  }

  static async load(source: ResolvedModel, backend?: EngineName): Promise<ImagePredictor> {
    const engine = await initEngine({ backend });
    const model = await loadCheckpointModel(source.weightsDir);
    const [, height, width, channels] = model.inputs[0].shape;
    if (height !== source.inputHeight || width !== source.inputWidth || channels !== 3) {
      model.dispose();
      throw new Error(`the model takes ${width}×${height}×${channels} input but its metadata says ${source.inputWidth}×${source.inputHeight}×3`);
    }
    return new ImagePredictor(source, model, engine);
  }

  /** Writes the job's outputs; returns how many files. Throws ImageError for an unreadable photo or an unwritable output. */
  async predict(job: InferImageJob): Promise<number> {
    const { width, height } = await readImageSize(job.inputPath);
    const trainIds = resizeLabelsNearest(await this.predictAtModelSize(job.inputPath), this.source.inputHeight, this.source.inputWidth, height, width);
    const types = Object.keys(job.outputs) as InferOutputType[];
    const colors = types.includes('color') || types.includes('overlay') ? colorize(trainIds, this.labels.colorByTrainId) : null;
    const files = await Promise.all(types.map(async (type) => ({ path: job.outputs[type]!, data: await this.encode(type, job.inputPath, trainIds, colors, width, height) })));
    try {
      await writeFilesAtomic(files);
    } catch (error) {
      throw new ImageError(`cannot write outputs (${(error as Error).message})`);
    }
    return files.length;
  }

  dispose(): void {
    this.model.dispose();
  }

  private async predictAtModelSize(path: string): Promise<Uint8Array> {
    const { inputHeight: h, inputWidth: w, stats } = this.source;
    const photo = await loadPhoto(path, { height: h, width: w }).catch((error: Error) => {
      throw new ImageError(`unreadable image (${error.message})`);
    });
    const input = normalize(photo, stats, photo);
    const predicted = tf.tidy(() => {
      const logits = this.model.predict(tf.tensor4d(input, [1, h, w, 3])) as tf.Tensor4D;
      return predictedClasses(logits, this.claimed);
    });
    try {
      return Uint8Array.from(await predicted.data());
    } finally {
      predicted.dispose();
    }
  }

  private async encode(type: InferOutputType, photoPath: string, trainIds: Uint8Array, colors: Uint8Array | null, width: number, height: number): Promise<Buffer> {
    switch (type) {
      case 'trainIds':
        return encodePng(trainIds, width, height, 1);
      case 'labelIds':
        return encodePng(mapPixels(trainIds, this.labelIds), width, height, 1);
      case 'color':
        return encodePng(colors!, width, height, 3);
      case 'overlay': {
        const photo = await sharp(photoPath).removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer();
        return sharp(blendOverlay(photo, colors!), { raw: { width, height, channels: 3 } }).jpeg({ quality: OVERLAY_JPEG_QUALITY }).toBuffer();
      }
    }
  }
}

async function readImageSize(path: string): Promise<{ width: number; height: number }> {
  // sharp calls a file it may not open "unsupported image format": ask the file system first, for the real reason.
  await access(path, constants.R_OK).catch((error: unknown) => {
    throw new ImageError(`unreadable image (${describeCode(error)})`);
  });
  const metadata = await sharp(path).metadata().catch((error: Error) => {
    throw new ImageError(`unreadable image (${error.message})`);
  });
  if (!metadata.width || !metadata.height) throw new ImageError('unreadable image (no size in its header)');
  return { width: metadata.width, height: metadata.height };
}

function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  // Without the explicit colour space, sharp writes one-channel input as RGB.
  return sharp(pixels, { raw: { width, height, channels } }).toColourspace(channels === 1 ? 'b-w' : 'srgb').png({ compressionLevel: 6 }).toBuffer();
}
