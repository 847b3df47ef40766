import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { formatProblem, parseAnnotation } from '../../../src-shared/annotation';
import { buildLabelIndex, type LabelIndex, type LabelSpec } from '../../../src-shared/labels';
import { firstExisting, scanFrames, type FrameEntry } from '../../dataset/frames';
import { datasetLabels } from '../../dataset/label-spec';

/** Where a sample's train ids come from: the stored PNG, or its polygons rasterized when loaded. */
export type LabelSource =
  | { readonly kind: 'trainIdsPng'; readonly path: string }
  | { readonly kind: 'polygons'; readonly path: string };

export interface TrainingSample {
  readonly id: string;
  readonly photoPath: string;
  readonly label: LabelSource;
}

export interface SampleList {
  readonly samples: TrainingSample[];
  /** One line per skipped frame, naming the file at fault. */
  readonly warnings: string[];
}

// Header reads and small JSON parses: enough in flight to hide disk latency, few enough for libuv.
const CHECKS_IN_FLIGHT = 16;

export function labelTrainIdsPath(frame: FrameEntry): string {
  return frame.officialLabelIds.replace(/_labelIds\.png$/, '_labelTrainIds.png');
}

export interface SampleOptions {
  /**
   * Train on stored `_labelTrainIds.png` files where a frame has one (the default), else on its
   * polygons. Off for a label spec other than the one the PNGs were drawn with (`storedTrainIdsFit`).
   */
  readonly useStoredTrainIds?: boolean;
}

/**
 * The usable samples of one split of a dataset folder, labelled by `labels` (default: the dataset's
 * own spec, `datasetLabels`); frames that cannot be trained on are skipped with a warning.
 */
export async function listSamples(root: string, split: string, labels?: LabelIndex): Promise<SampleList> {
  const spec = labels?.spec ?? (await datasetLabels(root)).spec;
  const [frames, useStoredTrainIds] = await Promise.all([scanFrames(root), storedTrainIdsFit(root, spec)]);
  return samplesOfFrames(frames.filter((frame) => frame.split === split), labels ?? buildLabelIndex(spec), { useStoredTrainIds });
}

/**
 * Whether a dataset's stored `_labelTrainIds.png` files hold `spec`'s train ids. They are taken to be
 * drawn with the dataset's own spec (`segstudio masks` draws with it), so they fit a spec that gives
 * the background and every label of that spec the same train id; colours and names added do not matter.
 */
export async function storedTrainIdsFit(root: string, spec: LabelSpec): Promise<boolean> {
  // An own spec that cannot be read says nothing about the PNGs: the polygons are the safe source.
  const own = await datasetLabels(root).then(({ spec: ownSpec }) => ownSpec, () => null);
  return own !== null && (own === spec || trainIdKey(own) === trainIdKey(spec));
}

function trainIdKey(spec: LabelSpec): string {
  const index = buildLabelIndex(spec);
  const names = spec.labels.map((label) => `${label.name}\t${label.trainId}`).sort();
  return [`background\t${index.background.trainId}`, ...names].join('\n');
}

export async function samplesOfFrames(frames: readonly FrameEntry[], labels: LabelIndex, options: SampleOptions = {}): Promise<SampleList> {
  const useStoredTrainIds = options.useStoredTrainIds ?? true;
  const checked = await mapInBatches(frames, CHECKS_IN_FLIGHT, (frame) => checkFrame(frame, labels, useStoredTrainIds));
  const samples: TrainingSample[] = [];
  const warnings: string[] = [];
  for (const result of checked) {
    if (typeof result === 'string') warnings.push(result);
    else samples.push(result);
  }
  return { samples, warnings };
}

/** The sample, or the one-line reason it is skipped. Opens only headers and, without a PNG, the polygons. */
async function checkFrame(frame: FrameEntry, labels: LabelIndex, useStoredTrainIds: boolean): Promise<TrainingSample | string> {
  const photoPath = await firstExisting(frame.photoCandidates);
  if (!photoPath) return `${frame.jsonPath}: no photo found (looked for ${frame.photoCandidates[0]}); frame skipped`;
  const photo = await sharp(photoPath).metadata().catch((error: Error) => error);
  if (photo instanceof Error) return `${photoPath}: cannot read the photo (${photo.message}); frame skipped`;
  const photoSize = `${photo.width}×${photo.height}`;

  const pngPath = useStoredTrainIds ? await firstExisting([labelTrainIdsPath(frame)]) : null;
  if (pngPath) {
    const png = await sharp(pngPath).metadata().catch((error: Error) => error);
    if (png instanceof Error) return `${pngPath}: cannot read (${png.message}); frame skipped`;
    // Anything but plain 8-bit grey would be converted on decode and silently change the ids.
    if (png.format !== 'png' || png.channels !== 1 || png.isPalette || png.depth !== 'uchar') {
      return `${pngPath}: expected an 8-bit single-channel grey PNG of train ids; frame skipped`;
    }
    const size = `${png.width}×${png.height}`;
    if (size !== photoSize) return `${pngPath}: ${size} but its photo ${photoPath} is ${photoSize}; frame skipped`;
    return { id: frame.id, photoPath, label: { kind: 'trainIdsPng', path: pngPath } };
  }

  const text = await readFile(frame.jsonPath, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (text instanceof Error) return `${frame.jsonPath}: cannot read (${text.code ?? text.message}); frame skipped`;
  const parsed = parseAnnotation(text, frame.jsonPath, labels);
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  if (parsed.hasErrors || !parsed.annotation) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    return `${formatProblem(errors[0])}${more}; frame skipped`;
  }
  const size = `${parsed.annotation.imgWidth}×${parsed.annotation.imgHeight}`;
  if (size !== photoSize) return `${frame.jsonPath}: annotated as ${size} but its photo ${photoPath} is ${photoSize}; frame skipped`;
  return { id: frame.id, photoPath, label: { kind: 'polygons', path: frame.jsonPath } };
}

async function mapInBatches<T, R>(items: readonly T[], width: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map(map))));
  }
  return results;
}
