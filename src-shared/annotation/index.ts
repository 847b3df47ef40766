export * from './types';
export { parseAnnotation, formatProblem, type ParseOptions } from './parse';
export { findSelfIntersection, countVerticesOutside } from './geometry';
