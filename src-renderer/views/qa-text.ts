import type { QaStatus } from '../../src-shared/api';
import type { DiffResult } from '../canvas/frame-data';

/** The diff pane's status line and its tone: a match is good news, differences are a warning. */
export function diffStatus(diff: DiffResult | null): { text: string; tone: 'ok' | 'warning' | 'muted' } {
  if (!diff) return { text: 'no official mask to compare', tone: 'muted' };
  return { text: `${diff.count.toLocaleString('en-US')} px differ`, tone: diff.count === 0 ? 'ok' : 'warning' };
}

/** A frame row's QA badge: short, so the frame name beside it keeps its room; the full status is its title. */
export function statusBadge(status: QaStatus): string {
  return status === 'ok' ? 'OK' : status === 'needs-fix' ? 'fix' : '?';
}

/** The toolbar's frame-switch time, labelled: "frame switch 24 ms". */
export function switchTimeText(ms: number | null): string {
  return ms === null ? '' : `frame switch ${Math.round(ms)} ms`;
}
