// The SIMD module's entry: every kernel it exports.
export * from './conv-filter-gradient';
export * from './batch-norm';
export * from './copy-rows';
export * from './depthwise-filter-gradient';
