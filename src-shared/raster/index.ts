export { fillPolygon, type SpanWriter } from './pillow-polygon';
export {
  MASK_TYPES, type MaskType, type MaskBuffers, type ObjectSpans, type ObjectMap,
  rasterizeSpans, rasterizeObjects, paintSpans, renderMasks, encodeMasks, encodingValues, instanceValues,
} from './masks';
