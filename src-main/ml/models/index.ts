// Importing this module also registers the custom layers, which tfl.loadLayersModel needs.
export { summarizeArchitectures, type ArchitectureSummary } from './architecture-summary';
export { resolveModelConfig, type ResolvedDeeplabConfig } from './config';
export { trainableParamCount } from './param-count';
export { ARCHITECTURES, architectureInfo, buildModel, type ArchitectureInfo } from './registry';
export * from './types';
