import type { ExportSummary } from '../../../src-shared/api/inference';

export interface ExportJob {
  readonly finished: Promise<ExportSummary>;
  /** Stops the export; masks, report and model exports run to the end (they are short or all-or-nothing). */
  cancel(): void;
}
