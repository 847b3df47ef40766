import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../engine/init-engine';
// Registers the custom layers the topology may name.
import '../models';
import { lossGradients } from '../train/training-step';
import type { ShardStepReply, ShardStepRequest, ShardWorkerReady, ShardWorkerSetup } from './messages';

// Started through ts-worker from source, which wraps our data; directly from a bundle.
const setup = ((workerData as { data?: ShardWorkerSetup }).data ?? workerData) as ShardWorkerSetup;
const port = parentPort!;

async function loadModel(): Promise<tfl.LayersModel> {
  await initEngine({ backend: setup.backend });
  const model = await tfl.models.modelFromJSON({ modelTopology: JSON.parse(setup.modelTopology) });
  const shapes = [...model.trainableWeights, ...model.nonTrainableWeights].map((w) => w.shape.join('x'));
  const expected = setup.weightShapes.map((s) => s.join('x'));
  if (shapes.join() !== expected.join()) throw new Error(`rebuilt model has weights ${shapes.join(', ')} where ${expected.join(', ')} were expected`);
  return model;
}

function writeWeights(weights: tfl.LayerVariable[], values: Float32Array[]): void {
  tf.tidy(() => weights.forEach((weight, i) => weight.write(tf.tensor(values[i], weight.shape as number[]))));
}

// Copied: on some backends dataSync hands out the tensor's own storage, which transferring would detach.
function readWeights(weights: tfl.LayerVariable[]): Float32Array[] {
  return weights.map((weight) => (weight.read().dataSync() as Float32Array).slice());
}

function step(model: tfl.LayersModel, request: ShardStepRequest): ShardStepReply {
  writeWeights(model.trainableWeights, request.trainable);
  writeWeights(model.nonTrainableWeights, request.nonTrainable);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const { loss, gradients } = lossGradients(model, variables, request.batch, request.loss);
  const values = gradients.map((g) => (g.dataSync() as Float32Array).slice());
  tf.dispose(gradients);
  return { stepId: request.stepId, loss, gradients: values, nonTrainable: readWeights(model.nonTrainableWeights) };
}

loadModel().then(
  (model) => {
    port.on('message', (request: ShardStepRequest) => {
      let reply: ShardStepReply;
      try {
        reply = step(model, request);
      } catch (error) {
        reply = { stepId: request.stepId, error: error instanceof Error ? error.message : String(error) };
      }
      const buffers = 'gradients' in reply ? [...reply.gradients, ...reply.nonTrainable].map((a) => a.buffer as ArrayBuffer) : [];
      port.postMessage(reply, buffers);
    });
    port.postMessage({ ready: true } satisfies ShardWorkerReady);
  },
  (error: Error) => port.postMessage({ ready: false, error: error.message } satisfies ShardWorkerReady),
);
