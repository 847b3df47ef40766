import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers';
import { confinedRealPath } from './confined-path';

const tempDir = useTempDir('segstudio-confined-');

describe('confinedRealPath', () => {
  it('allows files under a root, also through links that stay inside, and nothing else', async () => {
    const root = tempDir();
    const outside = tempDir();
    mkdirSync(join(root, 'photos'));
    writeFileSync(join(root, 'photos', 'a.png'), 'a');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(root, 'photos', 'a.png'), join(root, 'inside-link.png'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'photos', 'b.png'));
    symlinkSync(outside, join(root, 'escape'));
    writeFileSync(join(root, '.env'), 'TOKEN=1');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config'), '[core]');

    expect(await confinedRealPath(join(root, 'photos', 'a.png'), [root])).toMatch(/photos\/a\.png$/);
    expect(await confinedRealPath(join(root, 'inside-link.png'), [root])).toMatch(/photos\/a\.png$/);
    expect(await confinedRealPath(join(root, 'photos', 'b.png'), [root])).toBeNull();
    expect(await confinedRealPath(join(root, 'escape', 'secret.txt'), [root])).toBeNull();
    expect(await confinedRealPath(join(root, '.env'), [root])).toBeNull();
    expect(await confinedRealPath(join(root, '.git', 'config'), [root])).toBeNull();
    expect(await confinedRealPath(join(root, 'photos', '..', '..', 'x'), [root])).toBeNull();
    expect(await confinedRealPath('/etc/passwd', [root])).toBeNull();
    expect(await confinedRealPath(join(outside, 'secret.txt'), [root, outside])).toMatch(/secret\.txt$/);
  });
});
