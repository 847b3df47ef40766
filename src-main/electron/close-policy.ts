/**
 * What the desktop app does when its last window closes or it is asked to quit while work is under way.
 * Pure (no Electron import) so the decisions are unit-tested; `main.ts` turns them into dialogs, a tray
 * icon and `app.quit()`.
 */

/** Work that lives in the main process (or a process it owns) and dies with it. */
export interface ActiveWork {
  /** Runs queued, running or paused. */
  readonly runs: number;
  /** Inference and export jobs still running. */
  readonly jobs: number;
}

/** Keep the work going with no window (tray icon, or the dock on macOS), or stop it. */
export type CloseChoice = 'background' | 'stop';

/** `process.platform`'s values that matter here; anything but darwin behaves as Linux and Windows do. */
export type Platform = NodeJS.Platform;

export type CloseAction =
  /** Nothing runs: Linux and Windows quit. */
  | { readonly kind: 'quit' }
  /** macOS keeps the app in the dock with no window, as Mac apps do, whether or not anything runs. */
  | { readonly kind: 'stay-in-dock' }
  /** Ask the user with this dialog. */
  | { readonly kind: 'ask'; readonly dialog: CloseDialog }
  /** Keep running without a window: a tray icon on Linux and Windows, the dock on macOS. */
  | { readonly kind: 'background'; readonly tray: boolean }
  /** Stop runs (they become `interrupted` and can continue later), cancel jobs, then quit. */
  | { readonly kind: 'stop-and-quit' };

export interface CloseDialog {
  readonly message: string;
  readonly detail: string;
  /** Button labels; `choices[i]` is what button `i` means. */
  readonly buttons: readonly string[];
  readonly choices: readonly CloseChoice[];
  readonly defaultId: number;
  /** The button Escape or closing the dialog picks: keep running, so nothing is lost by accident. */
  readonly cancelId: number;
  readonly checkboxLabel: string;
}

export function hasWork(work: ActiveWork): boolean {
  return work.runs > 0 || work.jobs > 0;
}

/** "1 training run and 2 jobs" */
export function describeWork(work: ActiveWork): string {
  const parts = [
    work.runs > 0 ? `${work.runs} training run${work.runs === 1 ? '' : 's'}` : null,
    work.jobs > 0 ? `${work.jobs} inference or export job${work.jobs === 1 ? '' : 's'}` : null,
  ].filter((p): p is string => p !== null);
  return parts.join(' and ');
}

function closeDialog(work: ActiveWork, platform: Platform): CloseDialog {
  const where = platform === 'darwin' ? 'in the dock' : 'in the tray (notification area)';
  const verb = work.runs + work.jobs === 1 ? 'is' : 'are';
  return {
    message: `${describeWork(work)} ${verb} still going.`,
    detail: `Keep running in the background: segstudio stays ${where} and you can reopen the window from there.\n`
      + 'Stop: runs are interrupted (Continue resumes them from their last checkpoint) and jobs are cancelled.',
    buttons: ['Keep running in the background', 'Stop and quit'],
    choices: ['background', 'stop'],
    defaultId: 0,
    cancelId: 0,
    checkboxLabel: 'Remember my choice',
  };
}

/** The last window has closed: quit, stay, go to the background, or ask (unless a remembered choice answers). */
export function onLastWindowClosed(input: { work: ActiveWork; platform: Platform; remembered: CloseChoice | null }): CloseAction {
  const { work, platform, remembered } = input;
  if (!hasWork(work)) return platform === 'darwin' ? { kind: 'stay-in-dock' } : { kind: 'quit' };
  if (remembered !== null) return applyChoice(remembered, platform);
  return { kind: 'ask', dialog: closeDialog(work, platform) };
}

/** What a choice (the user's answer or a remembered one) does on this platform. */
export function applyChoice(choice: CloseChoice, platform: Platform): CloseAction {
  return choice === 'stop' ? { kind: 'stop-and-quit' } : { kind: 'background', tray: platform !== 'darwin' };
}

/** Reads the dialog's answer: the choice, and whether to remember it for next time. */
export function readAnswer(dialog: CloseDialog, answer: { response: number; checkboxChecked: boolean }): { choice: CloseChoice; remember: boolean } {
  const choice = dialog.choices[answer.response] ?? dialog.choices[dialog.cancelId];
  return { choice, remember: answer.checkboxChecked };
}

/**
 * An explicit quit (Cmd+Q, the tray's Quit, the app menu): the user asked to quit, so it quits, but never
 * silently while work runs; the dialog only confirms that work will stop or lets them keep it.
 */
export function onQuitRequested(input: { work: ActiveWork; confirmed: boolean }): { kind: 'quit' } | { kind: 'confirm'; dialog: CloseDialog } {
  if (input.confirmed || !hasWork(input.work)) return { kind: 'quit' };
  const verb = input.work.runs + input.work.jobs === 1 ? 'is' : 'are';
  return {
    kind: 'confirm',
    dialog: {
      message: `${describeWork(input.work)} ${verb} still going. Quit anyway?`,
      detail: 'Runs are interrupted (Continue resumes them from their last checkpoint) and jobs are cancelled.',
      buttons: ['Stop and quit', 'Keep running'],
      choices: ['stop', 'background'],
      defaultId: 1,
      cancelId: 1,
      checkboxLabel: '',
    },
  };
}

/**
 * Work finished while the app ran in the background with no window: on Linux and Windows the tray icon
 * was only there for that work, so the app quits; macOS stays in the dock as usual.
 */
export function onWorkSettled(input: { work: ActiveWork; platform: Platform; windows: number; inBackground: boolean }): 'quit' | 'stay' {
  return input.inBackground && input.windows === 0 && !hasWork(input.work) && input.platform !== 'darwin' ? 'quit' : 'stay';
}

/** The remembered choice from its file's text; anything unreadable counts as not remembered, so the user is asked. */
export function parseRememberedChoice(text: string | null): CloseChoice | null {
  if (text === null) return null;
  try {
    const value = (JSON.parse(text) as { closeChoice?: unknown }).closeChoice;
    return value === 'background' || value === 'stop' ? value : null;
  } catch {
    return null;
  }
}

export function serializeRememberedChoice(choice: CloseChoice): string {
  return `${JSON.stringify({ closeChoice: choice })}\n`;
}
