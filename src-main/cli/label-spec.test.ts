import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers';
import { CITYSCAPES } from '../../src-shared/labels';
import { PACKAGE_ROOT } from '../app-paths';
import { DATASET_LABELS_FILE, labelsAbove } from '../dataset/label-spec';
import { labelSpecForInputs, labelSpecFromFlag } from './label-spec';
import { UsageError } from './usage-error';

const STREET6_SPEC = join(PACKAGE_ROOT, 'resources', 'sample-street6', DATASET_LABELS_FILE);

describe('label specs for the command line', () => {
  const tempDir = useTempDir('segstudio-cli-labels-');

  it('finds the segstudio.labels.json at or above an input, else Cityscapes', async () => {
    const root = tempDir();
    copyFileSync(STREET6_SPEC, join(root, DATASET_LABELS_FILE));
    const json = join(root, 'gtFine', 'val', 'x', 'x_gtFine_polygons.json');
    mkdirSync(join(json, '..'), { recursive: true });
    writeFileSync(json, '{}');
    for (const input of [root, join(root, 'gtFine'), json]) {
      expect(await labelsAbove(input)).toMatchObject({ spec: { name: 'street-6' }, source: { kind: 'dataset', path: join(root, DATASET_LABELS_FILE) } });
    }
    expect(await labelsAbove(tempDir())).toEqual({ spec: CITYSCAPES, source: { kind: 'default', path: null } });
  });

  it('takes --labels over the inputs\' own spec, and refuses inputs under different specs', async () => {
    const own = tempDir();
    copyFileSync(STREET6_SPEC, join(own, DATASET_LABELS_FILE));
    const plain = tempDir();
    expect((await labelSpecForInputs(undefined, [own])).name).toBe('street-6');
    expect(await labelSpecForInputs(undefined, [plain])).toBe(CITYSCAPES);
    const given = join(plain, 'given.json');
    writeFileSync(given, JSON.stringify({ ...CITYSCAPES, name: 'given' }));
    expect((await labelSpecForInputs(given, [own, plain])).name).toBe('given');
    const mixed = await labelSpecForInputs(undefined, [own, plain]).catch((error: unknown) => error);
    expect(mixed).toBeInstanceOf(UsageError);
    expect((mixed as Error).message).toMatch(/^the inputs have different label specs \(.*segstudio\.labels\.json, Cityscapes \(no segstudio\.labels\.json\)\): convert them separately or give --labels SPEC\.json$/);
  });

  it('makes a label spec file that cannot be used a usage error naming it', async () => {
    expect(await labelSpecFromFlag(undefined)).toBeUndefined();
    const root = tempDir();
    writeFileSync(join(root, DATASET_LABELS_FILE), '{"labels": [');
    await expect(labelSpecFromFlag(join(root, 'missing.json'))).rejects.toThrow(/missing\.json: cannot read label spec \(ENOENT\)$/);
    const broken = await labelSpecForInputs(undefined, [root]).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(UsageError);
    expect((broken as Error).message).toMatch(new RegExp(`^${join(root, DATASET_LABELS_FILE).replace(/[.]/g, '\\.')}: not valid JSON`));
  });
});
