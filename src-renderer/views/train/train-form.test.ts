import { describe, expect, it } from 'vitest';
import type { PresetSettings, Run, TrainOptions } from '../../../src-shared/api';
import { CUSTOM_PRESET, draftOf, plainMessage, queueOrder, shownPreset } from './train-form';

const demo: PresetSettings = {
  arch: 'unet', backbone: null, width: 8, inputWidth: 128, inputHeight: 64, batchSize: 4, epochs: 2, lr: 0.001, weightDecay: 0,
  momentum: 0.9, hflip: 0.5, seed: 1, optimizer: 'adam', schedule: 'poly', loss: 'ce',
} as PresetSettings;
const presets = [
  { name: 'cpu-demo', settings: demo },
  { name: 'deeplab', settings: { ...demo, arch: 'deeplabv3plus', backbone: 'resnet50', width: 64 } as PresetSettings },
] as unknown as TrainOptions['presets'];

describe('shownPreset', () => {
  it('names the preset while the form equals it', () => {
    expect(shownPreset(presets, 'cpu-demo', draftOf(demo))).toBe('cpu-demo');
    expect(shownPreset(presets, 'cpu-demo', { ...draftOf(demo), lr: '0.0010' })).toBe('cpu-demo');
  });

  it('says custom once a setting changed', () => {
    expect(shownPreset(presets, 'cpu-demo', { ...draftOf(demo), epochs: '5' })).toBe(CUSTOM_PRESET);
    expect(shownPreset(presets, 'cpu-demo', { ...draftOf(demo), optimizer: 'sgd' })).toBe(CUSTOM_PRESET);
    expect(shownPreset(presets, 'cpu-demo', { ...draftOf(demo), epochs: '' })).toBe(CUSTOM_PRESET);
  });

  it('recognises another preset the edits arrive at', () => {
    expect(shownPreset(presets, 'cpu-demo', draftOf(presets[1].settings))).toBe('deeplab');
  });
});

describe('queueOrder', () => {
  const run = (id: number, status: Run['status']) => ({ id, status }) as Run;
  it('lists the run in progress first, then the queue in the order it will train', () => {
    const newestFirst = [run(9, 'queued'), run(8, 'queued'), run(7, 'done'), run(6, 'running'), run(5, 'failed')];
    expect(queueOrder(newestFirst).map((r) => r.id)).toEqual([6, 8, 9]);
  });
});

describe('plainMessage', () => {
  it('turns a raw file-system error into a line that names the folder', () => {
    expect(plainMessage("Error: ENOENT: no such file or directory, scandir '/data/missing'")).toBe('/data/missing: no such folder or file');
    expect(plainMessage("Error invoking remote method 'rpc': Error: ENOTDIR: not a directory, scandir '/data/file.txt'")).toBe('/data/file.txt: not a folder');
  });

  it('keeps a service\'s one-line message as it is, dropping a stack', () => {
    expect(plainMessage('/data/empty: no *_polygons.json annotations found in this folder\n    at checkSplits (x.ts:1)')).toBe('/data/empty: no *_polygons.json annotations found in this folder');
    expect(plainMessage('UserError: /x: no such folder')).toBe('/x: no such folder');
  });
});
