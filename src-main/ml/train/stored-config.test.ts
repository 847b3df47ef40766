import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src-shared/errors';
import { CITYSCAPES } from '../../../src-shared/labels';
import { newTrainConfig, TRAIN_CONFIG_VERSION } from './config';
import { TRAIN_PRESETS } from './presets';
import { migrateTrainConfig, trainConfigOf } from './stored-config';

const CURRENT = newTrainConfig(TRAIN_PRESETS['cpu-demo'], { datasetRoot: '/data/sample' });
const { version, kind, labels, pillow, pretrained, backend, threads, ...VERSION_1 } = CURRENT;

describe('trainConfigOf', () => {
  it('reads a config of the current version as it was written', () => {
    expect(trainConfigOf({ id: 1, config: JSON.parse(JSON.stringify(CURRENT)) })).toEqual(CURRENT);
  });

  it('migrates a config written before versions: Cityscapes labels, Pillow 9.4, from scratch, any engine', () => {
    expect(migrateTrainConfig(VERSION_1)).toMatchObject({ version: TRAIN_CONFIG_VERSION, kind: 'trained', pillow: '9.4', pretrained: { source: 'none' }, backend: null, threads: null });
    expect(trainConfigOf({ id: 3, config: VERSION_1 })).toEqual({ ...CURRENT, labels: CITYSCAPES });
  });

  it('refuses, with the run and the field, a config it cannot trust', () => {
    const read = (config: unknown) => () => trainConfigOf({ id: 7, config });
    expect(read({ ...CURRENT, version: 3 })).toThrow(new UserError('run 7: its stored training config cannot be read (version 3 was written by a newer segstudio (this one reads up to 2))'));
    expect(read({ ...CURRENT, model: { arch: 'unet9' } })).toThrow(/^run 7: its stored training config cannot be read \(model\.arch: /);
    expect(read({ ...CURRENT, batchSize: 0 })).toThrow('run 7: its stored training config cannot be read (batchSize must be a positive integer, got 0)');
    expect(read({ ...CURRENT, labels: { name: 'x', labels: [] } })).toThrow(/^run 7: .*"labels" must be a non-empty array/);
    expect(read('{"not": "an object"}')).toThrow('run 7: its stored training config cannot be read (it is not a JSON object)');
    expect(read({ ...CURRENT, surprise: true })).toThrow(UserError);
  });
});
