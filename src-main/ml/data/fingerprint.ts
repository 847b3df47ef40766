import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { FrameEntry } from '../../dataset/frames';
import { labelTrainIdsPath } from './samples';

const STATS_IN_FLIGHT = 64;

/**
 * A short, stable hash of a dataset's train and val frames: each frame's id plus the size and
 * modification time of its polygons and its labelTrainIds PNG (or their absence). Only metadata is
 * read, so it is cheap for 5,000 frames; it changes when an annotation is added, removed or edited.
 */
export async function datasetFingerprint(frames: readonly FrameEntry[], splits: readonly string[] = ['train', 'val']): Promise<string> {
  const chosen = frames.filter((frame) => splits.includes(frame.split)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  for (let start = 0; start < chosen.length; start += STATS_IN_FLIGHT) {
    const lines = await Promise.all(chosen.slice(start, start + STATS_IN_FLIGHT).map(async (frame) => {
      const [polygons, trainIds] = await Promise.all([describeFile(frame.jsonPath), describeFile(labelTrainIdsPath(frame))]);
      return `${frame.split}\t${frame.id}\t${polygons}\t${trainIds}\n`;
    }));
    for (const line of lines) hash.update(line);
  }
  return hash.digest('hex').slice(0, 16);
}

async function describeFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  return info ? `${info.size}@${Math.trunc(info.mtimeMs)}` : '-';
}
