export * from './types';
export { CITYSCAPES, CITYSCAPES_LABELS } from './cityscapes';
export { buildLabelIndex, resolveLabel, type LabelIndex, type ResolvedLabel } from './index-spec';
export { parseLabelSpec } from './parse-spec';
