import { flipHorizontal, rotateQuarterTurns, scaleCrop, scaledSize } from './geometric';
import { gaussianBlur, jitterColours } from './photometric';
import { uniform, type Random } from './random';
import type { LabelledImage } from './types';

/** Each augmentation is on when present; they run in the order listed. */
export interface AugmentConfig {
  /** Scale by a uniform factor in [minScale, maxScale], then take a random window of the original size; padding is ignored (255). */
  readonly scaleCrop?: { readonly minScale: number; readonly maxScale: number };
  readonly hflip?: { readonly p: number };
  /**
   * With probability p, turn by a random 90°, 180° or 270°. A non-square sample turns only by 180°:
   * a quarter turn would change its size, and every sample of a batch must keep the training size.
   */
  readonly rot90?: { readonly p: number };
  /** With probability p, brightness, contrast and saturation each scaled by a factor in [1 − amount, 1 + amount]. */
  readonly jitter?: { readonly p: number; readonly brightness: number; readonly contrast: number; readonly saturation: number };
  /** With probability p, a Gaussian blur with σ (pixels) uniform in [minSigma, maxSigma]. */
  readonly blur?: { readonly p: number; readonly minSigma: number; readonly maxSigma: number };
}

export const NO_AUGMENTATION: AugmentConfig = {};

/** Throws a one-line error for the first setting out of range. */
export function validateAugmentConfig(config: AugmentConfig): void {
  const fail = (message: string) => { throw new Error(`augmentation: ${message}`); };
  const checkP = (name: string, p: number) => { if (!(p >= 0 && p <= 1)) fail(`${name}.p must be in [0, 1], got ${p}`); };
  const { scaleCrop: sc, hflip, rot90, jitter, blur } = config;
  if (sc && !(sc.minScale > 0 && sc.minScale <= sc.maxScale)) fail(`scaleCrop needs 0 < minScale <= maxScale, got ${sc.minScale}..${sc.maxScale}`);
  if (hflip) checkP('hflip', hflip.p);
  if (rot90) checkP('rot90', rot90.p);
  if (jitter) {
    checkP('jitter', jitter.p);
    for (const name of ['brightness', 'contrast', 'saturation'] as const) {
      if (!(jitter[name] >= 0 && jitter[name] < 1)) fail(`jitter.${name} must be in [0, 1), got ${jitter[name]}`);
    }
  }
  if (blur) {
    checkP('blur', blur.p);
    if (!(blur.minSigma > 0 && blur.minSigma <= blur.maxSigma)) fail(`blur needs 0 < minSigma <= maxSigma, got ${blur.minSigma}..${blur.maxSigma}`);
  }
}

/** Applies the switched-on augmentations with draws from `random`: the same stream gives the same result. */
export function augmentSample(sample: LabelledImage, config: AugmentConfig, random: Random): LabelledImage {
  let out = sample;
  if (config.scaleCrop) {
    const scale = uniform(random, config.scaleCrop.minScale, config.scaleCrop.maxScale);
    const scaled = scaledSize(out, scale);
    out = scaleCrop(out, { scale, top: randomOffset(random, scaled.height, out.height), left: randomOffset(random, scaled.width, out.width) });
  }
  if (config.hflip && random() < config.hflip.p) out = flipHorizontal(out);
  if (config.rot90 && random() < config.rot90.p) {
    const quarterTurns = out.height === out.width ? 1 + Math.floor(random() * 3) : 2;
    out = rotateQuarterTurns(out, quarterTurns);
  }
  if (config.jitter && random() < config.jitter.p) {
    const { brightness, contrast, saturation } = config.jitter;
    const factors = {
      brightness: uniform(random, 1 - brightness, 1 + brightness),
      contrast: uniform(random, 1 - contrast, 1 + contrast),
      saturation: uniform(random, 1 - saturation, 1 + saturation),
    };
    out = { ...out, image: jitterColours(out.image, factors) };
  }
  if (config.blur && random() < config.blur.p) {
    out = { ...out, image: gaussianBlur(out.image, out.height, out.width, uniform(random, config.blur.minSigma, config.blur.maxSigma)) };
  }
  return out;
}

/** A whole-pixel offset of a window of `windowLength` in a scaled axis of `scaledLength`, uniform over every placement. */
function randomOffset(random: Random, scaledLength: number, windowLength: number): number {
  const low = Math.min(0, scaledLength - windowLength);
  const high = Math.max(0, scaledLength - windowLength);
  return low + Math.floor(random() * (high - low + 1));
}
