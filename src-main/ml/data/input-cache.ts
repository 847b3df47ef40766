import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelIndex, LabelSpec } from '../../../src-shared/labels';
import type { PillowGeneration } from '../../../src-shared/raster';
import { writeFileAtomic } from '../../util/atomic-write';
import { loadPhotoBytes, loadTrainIds, photoToFloats } from './load';
import type { TrainingSample } from './samples';
import type { ImageSize, LabelledImage } from './types';

/**
 * Where decoded, resized training inputs are kept between epochs and runs (structured-clonable, so a
 * loading thread gets it in its BatchSpec).
 */
export interface InputCacheSpec {
  /** The cache root, e.g. `<data dir>/cache/inputs`. */
  readonly dir: string;
  /** The dataset's root folder: its versions share a folder prefix, so older ones can be pruned. */
  readonly dataset: string;
  /** `datasetFingerprint` of the dataset the samples come from. */
  readonly fingerprint: string;
}

const MAGIC = 0x43_49_47_53; // "SGIC", little-endian
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;
const DIGEST_BYTES = 20;

/**
 * The folder of one dataset version at one training size: a new fingerprint or size starts a new
 * folder, so an edited dataset never reads old entries, and `pruneInputCache` deletes old ones whole.
 */
export function inputCacheFolder(cache: InputCacheSpec, size: ImageSize): string {
  return join(cache.dir, `${datasetKey(cache.dataset)}-${size.height}x${size.width}-${cache.fingerprint}`);
}

/**
 * Deletes this dataset's folders at this size for other fingerprints (older versions of its
 * annotations), so the cache holds at most one version per dataset and size: on disk that is
 * `inputCacheEntryBytes(size)` per frame (128 KiB at 256×128). Another process still reading a
 * deleted entry just decodes again.
 */
export async function pruneInputCache(cache: InputCacheSpec, size: ImageSize): Promise<string[]> {
  const prefix = `${datasetKey(cache.dataset)}-${size.height}x${size.width}-`;
  const keep = inputCacheFolder(cache, size);
  const stale = (await readdir(cache.dir).catch(() => [] as string[]))
    .filter((name) => name.startsWith(prefix) && join(cache.dir, name) !== keep)
    .map((name) => join(cache.dir, name));
  await Promise.all(stale.map((path) => rm(path, { recursive: true, force: true })));
  return stale;
}

function datasetKey(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 12);
}

/**
 * The entry of one sample. Besides the folder's fingerprint and size, the key holds the photo's and the
 * label file's size and mtime (the fingerprint covers only annotations) and, for labels drawn from
 * polygons, the label spec and the Pillow generation, which change the drawn train ids.
 */
export async function inputCachePath(cache: InputCacheSpec, sample: TrainingSample, size: ImageSize, labelSpec: LabelSpec, pillow: PillowGeneration | undefined): Promise<string> {
  const [photo, label] = await Promise.all([describeFile(sample.photoPath), describeFile(sample.label.path)]);
  const hash = createHash('sha256').update(JSON.stringify([
    FORMAT_VERSION, sample.id, sample.photoPath, photo, sample.label.kind, sample.label.path, label,
    sample.label.kind === 'polygons' ? [labelSpec, pillow ?? '9.2'] : null,
  ]));
  return join(inputCacheFolder(cache, size), `${hash.digest('hex').slice(0, 32)}.bin`);
}

/**
 * Memory: a hit reads one entry (4 bytes a pixel) and makes the 12-byte-a-pixel floats `loadSample`
 * returns, about 0.5 MiB at 256×128, instead of a miss's full-size buffers (a 2048×1024 photo is 6 MiB
 * of RGB in libvips plus 2 MiB of train ids and the parsed polygons); the loader's prefetch bounds
 * how many are alive at once.
 *
 * What `loadSample` returns, read from the cache when an intact entry exists, else decoded, resized
 * and written atomically for next time. Exact: the entry holds the very bytes `loadPhoto` scales to
 * 0..1 and the train ids `loadTrainIds` returns, so augmentation (scale-crop included, which works at
 * the training size) sees the same sample either way. A damaged entry is recomputed and rewritten;
 * a failed write only costs the next epoch a decode.
 */
export async function loadSampleCached(
  sample: TrainingSample, size: ImageSize, labels: LabelIndex, labelSpec: LabelSpec, pillow: PillowGeneration | undefined, cache: InputCacheSpec,
): Promise<LabelledImage & { fromCache: boolean }> {
  const path = await inputCachePath(cache, sample, size, labelSpec, pillow);
  const cached = await readFile(path).then((bytes) => parseEntry(bytes, size), () => null);
  if (cached) return { height: size.height, width: size.width, image: photoToFloats(cached.photo), label: cached.label, fromCache: true };
  const [photo, label] = await Promise.all([loadPhotoBytes(sample.photoPath, size), loadTrainIds(sample.label, size, labels, pillow)]);
  await writeFileAtomic(path, serializeEntry(photo, label, size)).catch(() => undefined);
  return { height: size.height, width: size.width, image: photoToFloats(photo), label, fromCache: false };
}

/** Bytes on disk per cached sample: RGB bytes and one train id per pixel, plus header and digest. */
export function inputCacheEntryBytes(size: ImageSize): number {
  return HEADER_BYTES + DIGEST_BYTES + size.height * size.width * 4;
}

function serializeEntry(photo: Uint8Array, label: Uint8Array, size: ImageSize): Uint8Array {
  const out = new Uint8Array(inputCacheEntryBytes(size));
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, size.height, true);
  view.setUint32(12, size.width, true);
  const payload = HEADER_BYTES + DIGEST_BYTES;
  out.set(photo, payload);
  out.set(label, payload + photo.length);
  out.set(digest(out.subarray(payload)), HEADER_BYTES);
  return out;
}

/** The entry's photo bytes and train ids, or null for anything short, foreign or damaged. */
function parseEntry(bytes: Uint8Array, size: ImageSize): { photo: Uint8Array; label: Uint8Array } | null {
  if (bytes.length !== inputCacheEntryBytes(size)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== FORMAT_VERSION) return null;
  if (view.getUint32(8, true) !== size.height || view.getUint32(12, true) !== size.width) return null;
  const payload = HEADER_BYTES + DIGEST_BYTES;
  const expected = digest(bytes.subarray(payload));
  if (!expected.every((b, i) => b === bytes[HEADER_BYTES + i])) return null;
  const pixels = size.height * size.width;
  return { photo: bytes.subarray(payload, payload + pixels * 3), label: new Uint8Array(bytes.subarray(payload + pixels * 3)) };
}

function digest(data: Uint8Array): Uint8Array {
  return createHash('sha1').update(data).digest();
}

async function describeFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  return info ? `${info.size}@${Math.trunc(info.mtimeMs)}` : '-';
}
