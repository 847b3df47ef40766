import type { AnnotationProblem } from '../../../src-shared/annotation';
import type { LabelSpec } from '../../../src-shared/labels';

/** One annotation file to check, as the QA viewer and the frame list need it. */
export interface AnalysisRequest {
  readonly seq: number;
  readonly text: string;
  readonly file: string;
  readonly labels: LabelSpec;
  /** Self-crossings and vertices outside the image; off, the analysis is linear in the file's size. */
  readonly geometryWarnings: boolean;
}

/** What the viewer and the frame list show of a file: its size, counts and problems. */
export interface AnnotationAnalysis {
  readonly imgWidth: number;
  readonly imgHeight: number;
  /** Objects in the file, deleted ones included (null when the file cannot be read as an annotation). */
  readonly objectCount: number | null;
  readonly problems: readonly AnnotationProblem[];
}

export interface AnalysisReply {
  readonly seq: number;
  readonly analysis: AnnotationAnalysis;
}
