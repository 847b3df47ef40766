import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_DATASET } from '../src-main/app-paths';
import { trainConfigOf } from '../src-main/ml/train/stored-config';
import { Studio } from '../src-main/services/studio';
import type { TrainingCommand } from '../src-main/services/training/protocol';
import type { TrainingProcess } from '../src-main/services/training/training-process';
import { openDatabase, type Db } from '../src-main/store/db';
import { UserError } from '../src-shared/errors';
import { useTempDir } from './helpers';

const tempDir = useTempDir();
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A training process that never trains: these tests only look at the recorded config. */
class IdleProcess extends EventEmitter implements TrainingProcess {
  readonly pid = process.pid;
  send(_command: TrainingCommand): void {}
  kill(): void {
    this.emit('exit', null);
  }
}

function studioIn(dataDir: string): Studio {
  const db = openDatabase(dataDir);
  open.push(db);
  return new Studio({ db, dataDir, version: 'test', transport: 'web', defaultDataset: SAMPLE_DATASET, spawnTraining: () => new IdleProcess() });
}

describe('the Pillow generation as a per-dataset setting', () => {
  it('is 9.4 for a dataset until the user picks another, and survives a restart', async () => {
    const dataDir = tempDir();
    const first = studioIn(dataDir);
    const dataset = await first.openDataset(SAMPLE_DATASET);
    expect(dataset.pillow).toBe('9.4');
    expect(await first.handle('datasets.setPillow', { datasetId: dataset.id, pillow: '12.0' })).toEqual({ pillow: '12.0' });
    first.close();
    open.shift()!.close();

    const second = studioIn(dataDir);
    expect((await second.openDataset(SAMPLE_DATASET)).pillow).toBe('12.0');
    second.close();
  });

  it('refuses a release outside the supported range, naming the field and the range', async () => {
    const studio = studioIn(tempDir());
    const { id } = await studio.openDataset(SAMPLE_DATASET);
    const refusal = studio.handle('datasets.setPillow', { datasetId: id, pillow: '8.4' });
    await expect(refusal).rejects.toBeInstanceOf(UserError);
    await expect(studio.handle('datasets.setPillow', { datasetId: id, pillow: '8.4' })).rejects.toThrow(/^pillow: "8\.4" is not a Pillow release .*\(supported: 9\.2 to 12\.3\)$/);
    studio.close();
  });

  it('is recorded in the config of a run on the dataset, unless the run names its own', async () => {
    const studio = studioIn(tempDir());
    const { id } = await studio.openDataset(SAMPLE_DATASET);
    await studio.handle('datasets.setPillow', { datasetId: id, pillow: '11.1' });
    const fromDataset = await studio.handle<'runs.start'>('runs.start', { settings: { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo' } });
    expect(trainConfigOf(fromDataset).pillow).toBe('11.1');
    const chosen = await studio.handle<'runs.start'>('runs.start', { settings: { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo', pillow: '12.3' } });
    expect(trainConfigOf(chosen).pillow).toBe('12.3');
    await expect(studio.handle('runs.start', { settings: { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo', pillow: '13' } }))
      .rejects.toThrow(/^pillow: "13" is not a Pillow release/);
    studio.close();
  });
});

describe('mask export from the studio', () => {
  it('follows the dataset\'s Pillow release unless the request names one', async () => {
    const studio = studioIn(tempDir());
    const { id } = await studio.openDataset(SAMPLE_DATASET);
    await studio.handle('datasets.setPillow', { datasetId: id, pillow: '12.0' });
    const finished = new Promise<string | undefined>((resolveFinished) => {
      studio.onEvent((event) => {
        if (event.channel === 'job' && event.kind === 'export' && event.event.type === 'finished') resolveFinished((event.job.request as { pillow?: string }).pillow);
      });
    });
    await studio.handle('export.start', { request: { kind: 'masks', datasetRoot: SAMPLE_DATASET, outputDir: tempDir(), split: 'val' } });
    expect(await finished).toBe('12.0');
    studio.close();
  });
});
