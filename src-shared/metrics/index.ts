export { ConfusionMatrix, type ConfusionMatrixOptions, type LabelBuffer } from './confusion';
export { computeSegmentationMetrics, meanOfDefined, type AveragedMetric, type ClassMetrics, type SegmentationMetrics } from './class-metrics';
export * from './cityscapes';
