import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormTrainingKernels } from './batch-norm-training';
import { bufferSharingKernels } from './buffer-sharing-kernels';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input';
import { copyKernelConfigs } from './copy-kernels';
import { depthwiseConv2dBackpropFilterKernel } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputKernel } from './depthwise-conv2d-backprop-input';
import { maxPoolGradKernel } from './max-pool-grad';
import { reductionKernelConfigs } from './reduction-kernels';

const trainingKernels: ReadonlyArray<(backendName: string) => KernelConfig> = [
  conv2dBackpropFilterKernel,
  conv2dBackpropInputKernel,
  depthwiseConv2dBackpropFilterKernel,
  depthwiseConv2dBackpropInputKernel,
];

const installedFor = new Set<string>();

/**
 * Installs the convolution gradient kernels for a backend (the wasm backend lacks
 * three and has a slow fourth) and, on wasm, faster copies, reductions, max-pool
 * gradient, an Identity and same-type Cast that do not copy, and the fused BatchNorm training kernels,
 * replacing any registered under the same names. Safe to call more than once.
 */
export function registerTrainingKernels(backendName = 'wasm'): void {
  if (installedFor.has(backendName)) return;
  const configs = trainingKernels.map((make) => make(backendName));
  // These write straight into the wasm heap.
  if (backendName === 'wasm') {
    const replaced = (name: string) => getKernel(name, backendName);
    configs.push(
      ...copyKernelConfigs(backendName, replaced), ...reductionKernelConfigs(backendName, replaced),
      maxPoolGradKernel(backendName), ...bufferSharingKernels(backendName, replaced), ...batchNormTrainingKernels(backendName),
    );
  }
  for (const config of configs) {
    if (getKernel(config.kernelName, backendName) !== undefined) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  }
  installedFor.add(backendName);
}
