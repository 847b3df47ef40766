import { describe, expect, it } from 'vitest';
import { newTrainConfig, validateTrainConfig } from './config';
import { PRESET_NAMES, trainPreset } from './presets';

describe('training presets', () => {
  it('are complete, valid recipes', () => {
    for (const name of PRESET_NAMES) expect(() => validateTrainConfig(newTrainConfig(trainPreset(name), { datasetRoot: '/data' })), name).not.toThrow();
  });

  it('follow the seeds: Adam 1e-3 for the U-Nets, SGD with momentum and a schedule for DeepLabv3+', () => {
    expect(trainPreset('seed001-ddunet')).toMatchObject({ batchSize: 16, inputHeight: 256, optimizer: { name: 'adam', lr: 1e-3 }, earlyStopping: { monitor: 'val-loss' } });
    expect(trainPreset('seed000-deeplabv3plus')).toMatchObject({ optimizer: { name: 'sgd', momentum: 0.9, weightDecay: 1e-3 }, schedule: { name: 'cosine' }, loss: { name: 'focal', alpha: 0.25, gamma: 2 } });
    expect(trainPreset('seed004-deeplabv3plus')).toMatchObject({ optimizer: { lr: 0.01, weightDecay: 5e-4 }, schedule: { name: 'poly' } });
  });

  it('name the choices when a preset or setting is unknown', () => {
    expect(() => trainPreset('fast')).toThrow(/unknown preset "fast" \(choose from seed001-unet, .*cpu-demo\)/);
    expect(() => validateTrainConfig({ ...newTrainConfig(trainPreset('cpu-demo'), { datasetRoot: '/data' }), batchSize: 0 })).toThrow('training config: batchSize must be a positive integer, got 0');
    expect(() => validateTrainConfig({ ...newTrainConfig(trainPreset('cpu-demo'), { datasetRoot: '/data' }), seed: 1.5 })).toThrow('training config: seed must be an integer, got 1.5');
  });
});
