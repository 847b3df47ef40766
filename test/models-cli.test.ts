import { describe, expect, it } from 'vitest';
import { runCli } from './helpers';

describe('segstudio models', () => {
  it('lists every architecture with the PyTorch reference parameter counts', () => {
    const result = runCli(['models', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const models = JSON.parse(result.stdout) as Array<{ arch: string; trainableParams: number }>;
    expect(Object.fromEntries(models.map((m) => [m.arch, m.trainableParams]))).toEqual({
      unet: 31_391_891, r2unet: 49_526_163, ddunet: 10_805_267, deeplabv3plus: 40_351_667,
    });
  });

  it('prints a readable table, and refuses unknown flags', () => {
    const table = runCli(['models']);
    expect(table.stdout).toMatch(/unet\s.*31,391,891/);
    const bad = runCli(['models', '--wide']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^segstudio models: Unknown option '--wide'/);
  });
});
