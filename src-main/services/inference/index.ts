export { startInference, type InferenceDeps } from './start-inference';
export { runInferencePlan, type InferenceJob, type RunPlanOptions } from './run-inference';
export { findInputImages, outputPathsFor, planInference, type InferImageJob, type InferPlan } from './discover';
export { resolveModelSource, resolveRunModel, resolveModelFolder, modelMetadata, MODEL_METADATA_FILE, type ResolvedModel, type ModelMetadata } from './model-source';
