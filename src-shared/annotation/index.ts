export * from './types';
export { parseAnnotation, formatProblem } from './parse';
