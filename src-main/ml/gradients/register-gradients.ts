import { registerGradient } from '@tensorflow/tfjs-core';
// tfjs-core's Node build registers no gradients (only its ES modules do); the Node
// build of tfjs-layers bundles and registers all of them when imported.
import '@tensorflow/tfjs-layers';
import { batchNormTrainingGradient } from '../kernels/batch-norm-training';
import { fusedBatchNormGradient } from './fused-batch-norm-gradient';
import { meanGradient, sumGradient } from './reduction-gradients';

/** Makes every tfjs-core gradient available, with ours replacing the slow ones. */
export function registerGradients(): void {
  registerGradient(fusedBatchNormGradient);
  registerGradient(sumGradient);
  registerGradient(meanGradient);
  registerGradient(batchNormTrainingGradient);
}
