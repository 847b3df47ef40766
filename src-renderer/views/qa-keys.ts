import type { QaStatus } from '../../src-shared/api';

export type QaKeyAction =
  | { readonly kind: 'mark'; readonly status: QaStatus }
  | { readonly kind: 'fit' }
  | { readonly kind: 'zoom'; readonly factor: number }
  | { readonly kind: 'help' };

/** One keypress of +/− zooms by this factor about the panes' centre. */
export const KEY_ZOOM_FACTOR = 1.25;

/** The QA viewer's keys, as the help lists them. */
export const QA_KEYS: ReadonlyArray<{ readonly keys: string; readonly does: string }> = [
  { keys: '1', does: 'mark OK' },
  { keys: '2', does: 'mark needs fix' },
  { keys: '3', does: 'mark question' },
  { keys: '← / →, ↑ / ↓', does: 'previous / next frame' },
  { keys: 'F', does: 'fit the frame to the panes' },
  { keys: '+ / −', does: 'zoom in / out' },
  { keys: '?', does: 'show or hide this list' },
];

const MARKS: Readonly<Record<string, QaStatus>> = { 1: 'ok', 2: 'needs-fix', 3: 'question' };

/** What a key pressed on the QA viewer does, or null: keys typed into a field and chords with Ctrl, Alt or Meta are not ours. */
export function qaKeyAction(event: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; isTyping: boolean }): QaKeyAction | null {
  if (event.isTyping || event.ctrlKey || event.altKey || event.metaKey) return null;
  const status = MARKS[event.key];
  if (status) return { kind: 'mark', status };
  switch (event.key) {
    case 'f': case 'F': return { kind: 'fit' };
    case '+': case '=': return { kind: 'zoom', factor: KEY_ZOOM_FACTOR };
    case '-': case '_': return { kind: 'zoom', factor: 1 / KEY_ZOOM_FACTOR };
    case '?': return { kind: 'help' };
    default: return null;
  }
}

/** Whether a key event comes from a control that takes text or choices itself. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as { closest?: (selector: string) => unknown } | null;
  return Boolean(element?.closest?.('input, textarea, select, [contenteditable="true"]'));
}
