import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { CITYSCAPES, type LabelSpec } from '../../../src-shared/labels';
import { newTrainConfig } from '../../ml/train/config';
import { TRAIN_PRESETS } from '../../ml/train/presets';
import { openDatabase } from '../../store/db';
import { RunStore } from '../runs/run-store';
import { MODEL_METADATA_FILE, resolveModelFolder, resolveRunModel } from './model-source';
import { UserError } from '../../../src-shared/errors';

describe('model sources', () => {
  const tempDir = useTempDir();

  /** A run with one checkpoint folder (its files are never read here) as `last` and `best`. */
  function recordRun(dataDir: string, normalization: 'dataset' | 'imagenet', datasetRoot: string, labels: LabelSpec = CITYSCAPES) {
    const store = new RunStore(openDatabase(dataDir));
    const recipe = { ...TRAIN_PRESETS['cpu-demo'], model: { arch: 'unet' as const, width: 8 }, inputHeight: 64, inputWidth: 128, normalization };
    const config = newTrainConfig(recipe, { datasetRoot, labels });
    const run = store.createRun({ name: 'r', arch: 'unet', config, datasetRoot, datasetFingerprint: 'f00d' });
    const checkpoint = join(dataDir, 'runs', String(run.id), 'checkpoints', 'epoch-0003');
    mkdirSync(checkpoint, { recursive: true });
    writeFileSync(join(checkpoint, 'model.json'), '{}');
    store.addCheckpoint(run.id, 3, 'last', checkpoint);
    return { store, runId: run.id, checkpoint };
  }

  it('resolves a run checkpoint with its training size, label spec and the dataset statistics cached when it trained', async () => {
    const dataDir = tempDir();
    const labels: LabelSpec = {
      name: 'duo', background: 'rest',
      labels: [
        { name: 'rest', id: 7, trainId: 1, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: false, color: [9, 9, 9] },
        { name: 'thing', id: 8, trainId: 0, category: 'object', categoryId: 1, hasInstances: true, ignoreInEval: false, color: [1, 200, 3] },
      ],
    };
    const { store, runId, checkpoint } = recordRun(dataDir, 'dataset', join(dataDir, 'gone'), labels);
    mkdirSync(join(dataDir, 'cache'));
    const stats = { mean: [0.3, 0.4, 0.5], std: [0.2, 0.2, 0.25] };
    writeFileSync(join(dataDir, 'cache', 'channel-stats-f00d-64x128.json'), JSON.stringify(stats));
    expect(await resolveRunModel(runId, 'last', { store, dataDir })).toEqual({
      weightsDir: checkpoint, arch: 'unet', settings: { width: 8 }, inputHeight: 64, inputWidth: 128, stats, labelSpec: labels,
      origin: { runId, checkpoint: 'last', epoch: 3 },
    });
  });

  it('explains what is missing: the run, the checkpoint kind, or statistics it cannot recompute', async () => {
    const dataDir = tempDir();
    const { store, runId } = recordRun(dataDir, 'dataset', join(dataDir, 'gone'));
    await expect(resolveRunModel(77, 'best', { store, dataDir })).rejects.toThrow(/^run 77 does not exist/);
    await expect(resolveRunModel(runId, 'best', { store, dataDir })).rejects.toThrow(`run ${runId} has no best checkpoint (no validated epoch yet; try --checkpoint last)`);
    const error = await resolveRunModel(runId, 'last', { store, dataDir }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/its dataset statistics are not cached and .*gone has no train frames to recompute them from/);
  });

  it('reads an exported model folder and refuses folders that are not one', async () => {
    const dir = tempDir();
    await expect(resolveModelFolder(dir)).rejects.toThrow(/not a segstudio model folder \(no segstudio-model\.json/);
    const metadata = { format: 'segstudio-model', version: 1, arch: 'unet', settings: { width: 4 }, inputHeight: 32, inputWidth: 64, normalization: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }, labels: CITYSCAPES };
    writeFileSync(join(dir, MODEL_METADATA_FILE), JSON.stringify(metadata));
    writeFileSync(join(dir, 'model.json'), '{}');
    await expect(resolveModelFolder(dir)).rejects.toThrow(/weights\.bin is missing/);
    writeFileSync(join(dir, 'weights.bin'), '');
    expect(await resolveModelFolder(dir)).toMatchObject({ weightsDir: dir, inputHeight: 32, inputWidth: 64, stats: metadata.normalization, origin: { modelDir: dir } });
    writeFileSync(join(dir, MODEL_METADATA_FILE), JSON.stringify({ ...metadata, inputWidth: 0 }));
    await expect(resolveModelFolder(dir)).rejects.toThrow(/inputHeight and inputWidth must be positive integers/);
  });
});
