export { fillPolygon, clippedSpanWriter, type SpanWriter } from './pillow-polygon';
export { MASK_TYPES, type MaskType, type MaskBuffers, type ObjectMap, rasterizeObjects, renderMasks, encodeMasks, instanceValues } from './masks';
