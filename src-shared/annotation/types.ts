import type { LabelDef } from '../labels';

/** One non-deleted, valid object of a polygon annotation, ready to draw. */
export interface AnnotatedObject {
  /** Position in the file's `objects` array (0-based), so messages and the QA viewer can name it. */
  readonly index: number;
  /** The label as written in the file, e.g. `cargroup`. */
  readonly labelName: string;
  readonly label: LabelDef;
  readonly isGroup: boolean;
  /** Flat [x0, y0, x1, y1, ...] as written (fractional coordinates allowed). */
  readonly polygon: readonly number[];
}

export interface Annotation {
  readonly imgWidth: number;
  readonly imgHeight: number;
  /** Drawable objects in file order: deleted, invalid and <2-point objects are left out. */
  readonly objects: readonly AnnotatedObject[];
  /** Number of entries in the file's `objects` array, deleted ones included. */
  readonly fileObjectCount: number;
}

export type ProblemSeverity = 'error' | 'warning';

export interface AnnotationProblem {
  readonly severity: ProblemSeverity;
  readonly file: string;
  readonly objectIndex?: number;
  readonly label?: string;
  readonly message: string;
}

export interface ParsedAnnotation {
  /** Null only when the file cannot be read as an annotation at all (bad JSON, bad size, no objects array). */
  readonly annotation: Annotation | null;
  readonly problems: readonly AnnotationProblem[];
  /** True when any problem is an error: the official tools would refuse this file, and so do we. */
  readonly hasErrors: boolean;
}
