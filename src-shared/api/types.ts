import type { AnnotationProblem } from '../annotation';
import type { LabelSpec } from '../labels';

export const QA_STATUSES = ['ok', 'needs-fix', 'question'] as const;
export type QaStatus = (typeof QA_STATUSES)[number];

/** A rectangle in image pixel coordinates. */
export interface Region { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export interface QaMark {
  readonly frameId: string;
  readonly status: QaStatus;
  readonly note: string;
  readonly region: Region | null;
  readonly updatedAt: string;
}

export interface DatasetSummary {
  readonly id: number;
  readonly root: string;
  readonly name: string;
  readonly frameCount: number;
  /** The label spec the dataset's annotations use; the renderer rasterizes and colors with it. */
  readonly labels: LabelSpec;
  /** Where that spec came from: a file the user named, the dataset's own `segstudio.labels.json`, or the Cityscapes default. */
  readonly labelSource: LabelSource;
  /** Folders of the dataset that could not be read (one line each, naming the folder); the rest is open. */
  readonly warnings: readonly string[];
  /** The Pillow release whose polygon fill the dataset's masks follow (`9.4` unless the user chose another). */
  readonly pillow: string;
  readonly splits: ReadonlyArray<{ readonly name: string; readonly cities: ReadonlyArray<{ readonly name: string; readonly frameCount: number }> }>;
}

/** The file a label spec was read from (absent for the built-in Cityscapes table) and why it was chosen. */
export interface LabelSource {
  readonly kind: 'given' | 'dataset' | 'default';
  readonly path: string | null;
}

/** A dataset's label spec as a run would use it (the train view's dataset picker shows it). */
export interface DatasetLabels {
  readonly spec: LabelSpec;
  readonly source: LabelSource;
}

export interface RecentDataset { readonly root: string; readonly name: string; readonly openedAt: string }

/** What is cheap to know about a frame; the counts are null until the frame's JSON has been read once. */
export interface FrameSummary {
  readonly id: string;
  readonly split: string;
  readonly city: string;
  readonly stem: string;
  readonly objectCount: number | null;
  readonly problemCount: number | null;
  readonly qaStatus: QaStatus | null;
}

export interface FrameList { readonly total: number; readonly offset: number; readonly frames: readonly FrameSummary[] }

export interface FrameObject {
  readonly index: number;
  readonly labelName: string;
  readonly label: string;
  readonly id: number;
  readonly trainId: number;
  readonly isGroup: boolean;
  readonly polygon: readonly number[];
}

/** Everything the QA viewer shows for one frame, except the binary parts (photo, official mask). */
export interface FrameBundle {
  readonly datasetId: number;
  readonly frameId: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** The raw annotation JSON text, rasterized again in the renderer with the same code as `segstudio masks`. */
  readonly annotationText: string;
  readonly annotationFile: string;
  readonly problems: readonly AnnotationProblem[];
  readonly hasPhoto: boolean;
  /** Which stored official mask exists: `color` is preferred for the diff, `labelIds` otherwise. */
  readonly official: 'color' | 'labelIds' | null;
  readonly qa: QaMark | null;
  readonly neighbours: { readonly previous: string | null; readonly next: string | null };
}

export interface FrameListQuery {
  readonly datasetId: number;
  readonly split?: string;
  readonly city?: string;
  readonly search?: string;
  readonly status?: QaStatus | 'unmarked';
  readonly offset?: number;
  readonly limit?: number;
}

export interface QaReport { readonly format: 'csv' | 'json'; readonly fileName: string; readonly content: string }

export interface AppInfo {
  readonly version: string;
  readonly transport: 'electron' | 'web';
  readonly defaultDataset: string | null;
  readonly recent: readonly RecentDataset[];
}
