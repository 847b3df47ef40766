import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterKernel } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputKernel } from './depthwise-conv2d-backprop-input';

const trainingKernels: ReadonlyArray<(backendName: string) => KernelConfig> = [
  conv2dBackpropFilterKernel,
  conv2dBackpropInputKernel,
  depthwiseConv2dBackpropFilterKernel,
  depthwiseConv2dBackpropInputKernel,
];

const installedFor = new Set<string>();

/**
 * Installs the convolution gradient kernels for a backend (the wasm backend lacks
 * three and has a slow fourth), replacing any registered under the same names.
 * Safe to call more than once.
 */
export function registerTrainingKernels(backendName = 'wasm'): void {
  if (installedFor.has(backendName)) return;
  for (const make of trainingKernels) {
    const config = make(backendName);
    if (getKernel(config.kernelName, backendName) !== undefined) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  }
  installedFor.add(backendName);
}
