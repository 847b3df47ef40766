export { fillPolygon, type SpanWriter } from './pillow-polygon';
export {
  MASK_TYPES, type MaskType, type MaskBuffers, type ObjectSpans, type ObjectMap,
  rasterizeSpans, rasterizeObjects, paintSpans, renderMasks, encodeMasks, encodingValues, instanceValues,
} from './masks';
export {
  PILLOW_GENERATIONS, PILLOW_RELEASES, type PillowGeneration, GENERATION_RELEASES, DEFAULT_PILLOW_VERSION, SUPPORTED_PILLOW_RANGE,
  pillowGeneration, isSupportedPillow,
} from './pillow-generations';
