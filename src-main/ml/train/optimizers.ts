import * as tf from '@tensorflow/tfjs-core';

export const OPTIMIZER_NAMES = ['adam', 'adamw', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface OptimizerConfig {
  readonly name: OptimizerName;
  readonly lr: number;
  /** adam, sgd: L2 added to the gradient; adamw: decoupled, w ← w − lr·wd·w after the step. Default 0. */
  readonly weightDecay?: number;
  /** sgd only; default 0.9. */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly beta1?: number;
  readonly beta2?: number;
}

/** A tfjs optimizer whose learning rate can change every step, with weight decay as its config asks. */
export class TrainingOptimizer {
  readonly inner: tf.Optimizer;
  private lr: number;

  constructor(readonly config: OptimizerConfig) {
    this.lr = config.lr;
    this.inner = config.name === 'sgd'
      ? tf.train.momentum(config.lr, config.momentum ?? 0.9, config.nesterov ?? false)
      : tf.train.adam(config.lr, config.beta1 ?? 0.9, config.beta2 ?? 0.999, 1e-8);
  }

  get learningRate(): number {
    return this.lr;
  }

  setLearningRate(lr: number): void {
    this.lr = lr;
    // Not instanceof: tfjs optimizers duck-type it, so every optimizer "is" an SGDOptimizer.
    if (this.config.name === 'sgd') (this.inner as tf.MomentumOptimizer).setLearningRate(lr);
    else (this.inner as unknown as { learningRate: number }).learningRate = lr;
  }

  /** One step on `loss`'s gradients with respect to `variables`; returns the loss value. */
  minimize(loss: () => tf.Scalar, variables: tf.Variable[]): number {
    const { value, grads } = tf.variableGrads(loss, variables);
    this.applyGradients(grads, variables);
    const lossValue = value.dataSync()[0];
    tf.dispose([value, grads]);
    return lossValue;
  }

  /** One step on gradients computed elsewhere (data-parallel shards), keyed by variable name. */
  applyGradients(grads: tf.NamedTensorMap, variables: tf.Variable[]): void {
    const weightDecay = this.config.weightDecay ?? 0;
    const decayed = weightDecay > 0 && this.config.name !== 'adamw' ? addL2(grads, variables, weightDecay) : grads;
    this.inner.applyGradients(decayed);
    if (weightDecay > 0 && this.config.name === 'adamw') decayDecoupled(variables, this.lr * weightDecay);
    if (decayed !== grads) tf.dispose(decayed);
  }

  dispose(): void {
    this.inner.dispose();
  }
}

// Kernels and biases decay; BatchNorm's gamma and beta do not (as torch recipes usually exclude them).
function isDecayed(variable: tf.Variable): boolean {
  return variable.rank > 1;
}

function addL2(grads: tf.NamedTensorMap, variables: tf.Variable[], weightDecay: number): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const variable of variables) {
    const grad = grads[variable.name];
    out[variable.name] = isDecayed(variable) ? tf.tidy(() => tf.add(grad, tf.mul(variable, weightDecay))) : tf.clone(grad);
  }
  return out;
}

function decayDecoupled(variables: tf.Variable[], factor: number): void {
  for (const variable of variables) {
    if (isDecayed(variable)) tf.tidy(() => variable.assign(tf.mul(variable, 1 - factor)));
  }
}
