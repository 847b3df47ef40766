/** Folder inference and exports as every process sees them: requests, events and summaries. */

export const INFER_OUTPUT_TYPES = ['color', 'labelIds', 'trainIds', 'overlay'] as const;
/**
 * What inference writes per image `<name>` (a trailing `_leftImg8bit` dropped):
 * `color` → `<name>_color.png` (RGB, the label spec's palette by train id),
 * `labelIds` → `<name>_labelIds.png` (8-bit grey), `trainIds` → `<name>_trainIds.png` (8-bit grey),
 * `overlay` → `<name>_overlay.jpg` (the prediction's colours blended over the photo).
 */
export type InferOutputType = (typeof INFER_OUTPUT_TYPES)[number];

export const CHECKPOINT_CHOICES = ['best', 'last'] as const;
/** `best`: the epoch with the highest val mIoU; `last`: the newest epoch. */
export type CheckpointChoice = (typeof CHECKPOINT_CHOICES)[number];

/** Which model to run: a training run's checkpoint, or a folder written by `export model`. */
export type ModelSource =
  | { readonly runId: number; readonly checkpoint?: CheckpointChoice }
  | { readonly modelDir: string };

export type InferRequest = ModelSource & {
  /** Searched recursively for PNG and JPEG photos. */
  readonly inputDir: string;
  /** Outputs mirror the input tree here. */
  readonly outputDir: string;
  readonly types: readonly InferOutputType[];
  /** Replace outputs that exist; otherwise they are kept and their images skipped (an interrupted job resumes). */
  readonly overwrite: boolean;
  /** Worker threads, each with its own engine; one per core unless given. */
  readonly workers?: number;
};

export interface InferFailure {
  /** The input image. */
  readonly path: string;
  readonly error: string;
}

export interface InferSummary {
  /** Images found in the input folder. */
  readonly total: number;
  /** Images whose outputs were written. */
  readonly written: number;
  /** Images left alone because every requested output already existed. */
  readonly skipped: number;
  readonly failed: number;
  readonly failures: readonly InferFailure[];
  /** Output files written. */
  readonly files: number;
  readonly seconds: number;
  readonly cancelled: boolean;
  readonly outputDir: string;
}

export type InferEvent =
  /** `total` images found, `skipped` of them already done; the rest are to be predicted. */
  | { readonly type: 'started'; readonly total: number; readonly skipped: number; readonly workers: number }
  /** After each predicted (or failed) image; `done` and `total` count the images to predict, not the skipped ones. */
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly failed: number; readonly imagesPerSecond: number; readonly etaSeconds: number }
  | { readonly type: 'file-failed'; readonly path: string; readonly error: string }
  | { readonly type: 'finished'; readonly summary: InferSummary };

export const EXPORT_KINDS = ['masks', 'predictions', 'report', 'model'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type ExportRequest =
  /** Colour masks (official palette) rasterized from the dataset's polygons, mirroring its gtFine tree. */
  | { readonly kind: 'masks'; readonly datasetRoot: string; readonly outputDir: string; readonly split?: string; readonly pillow?: string }
  /** Colour masks of a run's predictions on its dataset's split (default `val`). */
  | { readonly kind: 'predictions'; readonly runId: number; readonly outputDir: string; readonly split?: string; readonly checkpoint?: CheckpointChoice }
  /** metrics.csv / metrics.json per epoch, classes.csv, config.json. */
  | { readonly kind: 'report'; readonly runId: number; readonly outputDir: string }
  /** model.json + weights.bin (tfjs layers format) + segstudio-model.json, loadable by inference as `{ modelDir }`. */
  | { readonly kind: 'model'; readonly runId: number; readonly outputDir: string; readonly checkpoint?: CheckpointChoice };

export interface ExportSummary {
  readonly kind: ExportKind;
  readonly outputDir: string;
  /** Files written, relative to `outputDir`. */
  readonly files: readonly string[];
  /** Inputs that could not be exported. */
  readonly failures: readonly InferFailure[];
  readonly seconds: number;
  readonly cancelled: boolean;
  /** `predictions` only: the inference job's own summary (skipped images, …). */
  readonly inference?: InferSummary;
}

export type ExportEvent =
  /** Frames (masks) or images (predictions) done of `total`; report and model exports send none. */
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly failed: number }
  | { readonly type: 'file-failed'; readonly path: string; readonly error: string }
  | { readonly type: 'finished'; readonly summary: ExportSummary };
