/**
 * The model settings a training config may leave out, and the values the model builders then use.
 * One table for both: the builders (`src-main/ml/models/config.ts`) fill from it, and the run comparison
 * fills from it so that a run that names its backbone and one that relied on the default compare equal.
 */
export const MODEL_DEFAULTS = {
  width: 64,
  deeplab: { backbone: 'resnet50', decoderConvs: 2, outputStride: 16, dropout: 0.1 },
  otherDropout: 0,
} as const;

/** A stored config's `model` with its implicit defaults written out; anything that is not a model object is returned as it is. */
export function withModelDefaults(model: unknown): unknown {
  if (model === null || typeof model !== 'object' || Array.isArray(model)) return model;
  const given = model as Record<string, unknown>;
  if (given.arch === 'deeplabv3plus') return { width: MODEL_DEFAULTS.width, ...MODEL_DEFAULTS.deeplab, ...given };
  return { width: MODEL_DEFAULTS.width, dropout: MODEL_DEFAULTS.otherDropout, ...given };
}
