export { evaluateCityscapes, type CityscapesEvaluation, type EvaluateCityscapesOptions } from './evaluate';
