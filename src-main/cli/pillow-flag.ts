import { DEFAULT_PILLOW_VERSION, pillowGeneration, type PillowGeneration } from '../../src-shared/raster';
import { UsageError } from './usage-error';

/** `--pillow VERSION` (default 9.4) as the release given and the fill generation it maps to. */
export function pillowFromFlag(value: string | undefined): { version: string; generation: PillowGeneration } {
  const version = value ?? DEFAULT_PILLOW_VERSION;
  try {
    return { version, generation: pillowGeneration(version) };
  } catch (error) {
    throw new UsageError(`--pillow: ${(error as Error).message}`);
  }
}
