import { describe, expect, it } from 'vitest';
import { CITYSCAPES } from '../../../src-shared/labels';
import { newTrainConfig } from './config';
import { presetSettings, SettingError, trainConfigFromSettings } from './recipe';
import { TRAIN_PRESETS } from './presets';

const ROOT = '/data/cityscapes';

describe('trainConfigFromSettings', () => {
  it('is the preset itself when nothing is overridden', () => {
    const { config, preset } = trainConfigFromSettings({ datasetRoot: ROOT, preset: 'seed003-deeplabv3plus' }, CITYSCAPES);
    expect(preset).toBe('seed003-deeplabv3plus');
    expect(config).toEqual(newTrainConfig(TRAIN_PRESETS['seed003-deeplabv3plus'], { datasetRoot: ROOT }));
  });

  it('applies each given setting on top of the preset', () => {
    const { config } = trainConfigFromSettings({
      datasetRoot: ROOT, preset: 'seed001-unet', width: 16, inputWidth: 256, inputHeight: 128, batchSize: 2, epochs: 3,
      optimizer: 'sgd', lr: 0.05, momentum: 0.8, weightDecay: 1e-4, loss: 'focal', hflip: 0, seed: 7,
    }, CITYSCAPES);
    expect(config).toMatchObject({
      model: { arch: 'unet', width: 16 }, inputWidth: 256, inputHeight: 128, batchSize: 2, epochs: 3, seed: 7,
      optimizer: { name: 'sgd', lr: 0.05, momentum: 0.8, weightDecay: 1e-4 }, loss: { name: 'focal' },
    });
    // h-flip 0 switches the augmentation off; the preset's other augmentations stay.
    expect(config.augment.hflip).toBeUndefined();
    expect(config.augment.rot90).toEqual(TRAIN_PRESETS['seed001-unet'].augment.rot90);
  });

  it('keeps the warmup when the schedule changes, and the backbone only for DeepLabv3+', () => {
    const { config } = trainConfigFromSettings({ datasetRoot: ROOT, preset: 'seed003-deeplabv3plus', schedule: 'cosine', backbone: 'mobilenetv2' }, CITYSCAPES);
    expect(config.schedule).toEqual({ name: 'cosine', warmupEpochs: 1 });
    expect(config.model).toMatchObject({ arch: 'deeplabv3plus', backbone: 'mobilenetv2' });
    expect(() => trainConfigFromSettings({ datasetRoot: ROOT, preset: 'cpu-demo', backbone: 'resnet18' }, CITYSCAPES))
      .toThrow('a backbone applies to deeplabv3plus only, not unet');
  });

  it('names the field of a setting out of bounds or unknown', () => {
    const fieldOf = (settings: Parameters<typeof trainConfigFromSettings>[0]) => {
      try {
        trainConfigFromSettings(settings, CITYSCAPES);
      } catch (error) {
        return [(error as SettingError).field, (error as Error).message];
      }
      return null;
    };
    expect(fieldOf({ datasetRoot: ROOT, preset: 'cpu-demo', epochs: 0 })).toEqual(['epochs', 'epochs must be an integer in 1..10000, got 0']);
    expect(fieldOf({ datasetRoot: ROOT, preset: 'cpu-demo', batchSize: 2.5 })).toEqual(['batchSize', 'batchSize must be an integer in 1..256, got 2.5']);
    expect(fieldOf({ datasetRoot: ROOT, preset: 'cpu-demo', optimizer: 'lion' })?.[0]).toBe('optimizer');
    expect(fieldOf({ datasetRoot: ROOT, preset: 'nope' })?.[0]).toBe('preset');
    expect(fieldOf({ datasetRoot: ROOT, preset: 'cpu-demo', backend: 'cuda' })).toEqual(['backend', 'unknown backend "cuda" (choose from tensorflow-gpu, tensorflow, wasm, cpu)']);
    expect(fieldOf({ datasetRoot: ROOT, preset: 'cpu-demo', threads: 0 })).toEqual(['threads', 'threads must be an integer in 1..64, got 0']);
  });

  it('records the label spec, the forced engine and the thread count with the run', () => {
    const spec = { name: 'two', background: 'bg', labels: [
      { name: 'bg', id: 0, trainId: 0, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: false, color: [0, 0, 0] as const },
      { name: 'thing', id: 1, trainId: 1, category: 'object', categoryId: 1, hasInstances: true, ignoreInEval: false, color: [9, 9, 9] as const },
    ] };
    const { config } = trainConfigFromSettings({ datasetRoot: ROOT, preset: 'cpu-demo', backend: 'wasm', threads: 1 }, spec);
    expect(config).toMatchObject({ version: 2, kind: 'trained', labels: spec, backend: 'wasm', threads: 1, pillow: '9.4', pretrained: { source: 'none' } });
  });
});

describe('presetSettings', () => {
  it('flattens a preset to the values the form shows', () => {
    expect(presetSettings(TRAIN_PRESETS['seed004-deeplabv3plus'])).toMatchObject({
      arch: 'deeplabv3plus', backbone: 'resnet50', optimizer: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 5e-4, schedule: 'poly', hflip: 0.5,
    });
  });

  it('round-trips: the settings of a preset give back the preset', () => {
    for (const [name, preset] of Object.entries(TRAIN_PRESETS)) {
      const { backbone, ...settings } = presetSettings(preset);
      const { config } = trainConfigFromSettings({ datasetRoot: ROOT, preset: name, ...settings, ...(backbone ? { backbone } : {}) }, CITYSCAPES);
      expect(config.model.arch).toBe(preset.model.arch);
      expect(config.optimizer.lr).toBe(preset.optimizer.lr);
      expect(config.epochs).toBe(preset.epochs);
    }
  });
});
