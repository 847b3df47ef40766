export type { ImageSize, LabelledImage } from './types';
export { listSamples, samplesOfFrames, labelTrainIdsPath, type TrainingSample, type LabelSource, type SampleList } from './samples';
export { datasetFingerprint } from './fingerprint';
export { loadSample, loadPhoto, loadTrainIds, rasterizeTrainIds } from './load';
export { augmentSample, validateAugmentConfig, NO_AUGMENTATION, type AugmentConfig } from './augment';
export { normalize, datasetChannelStats, computeChannelStats, channelStatsCachePath, IMAGENET_STATS, type ChannelStats, type DatasetStatsOptions } from './normalize';
export { BatchLoader, type Batch, type BatchLoaderOptions } from './loader';
