import { describe, expect, it } from 'vitest';
import {
  applyChoice, describeWork, onLastWindowClosed, onQuitRequested, onWorkSettled, parseRememberedChoice, readAnswer, serializeRememberedChoice,
} from './close-policy';

const idle = { runs: 0, jobs: 0 };
const training = { runs: 1, jobs: 0 };

describe('closing the last window', () => {
  it('quits on Linux and Windows when nothing runs', () => {
    expect(onLastWindowClosed({ work: idle, platform: 'linux', remembered: null })).toEqual({ kind: 'quit' });
    expect(onLastWindowClosed({ work: idle, platform: 'win32', remembered: 'background' })).toEqual({ kind: 'quit' });
  });

  it('stays in the dock on macOS when nothing runs, without asking', () => {
    expect(onLastWindowClosed({ work: idle, platform: 'darwin', remembered: null })).toEqual({ kind: 'stay-in-dock' });
  });

  it('asks before doing anything while a run trains or a job runs, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const work of [training, { runs: 0, jobs: 1 }]) {
        expect(onLastWindowClosed({ work, platform, remembered: null }).kind).toBe('ask');
      }
    }
  });

  it('names the work and where it will keep running in the question', () => {
    const linux = onLastWindowClosed({ work: { runs: 1, jobs: 2 }, platform: 'linux', remembered: null });
    const mac = onLastWindowClosed({ work: training, platform: 'darwin', remembered: null });
    if (linux.kind !== 'ask' || mac.kind !== 'ask') throw new Error('expected a question');
    expect(linux.dialog.message).toBe('1 training run and 2 inference or export jobs are still going.');
    expect(linux.dialog.detail).toMatch(/tray/);
    expect(mac.dialog.message).toBe('1 training run is still going.');
    expect(mac.dialog.detail).toMatch(/dock/);
    expect(linux.dialog.detail).toMatch(/interrupted/);
  });

  it('keeps the work running when the dialog is dismissed', () => {
    const action = onLastWindowClosed({ work: training, platform: 'linux', remembered: null });
    if (action.kind !== 'ask') throw new Error('expected a question');
    expect(readAnswer(action.dialog, { response: action.dialog.cancelId, checkboxChecked: false })).toEqual({ choice: 'background', remember: false });
    expect(readAnswer(action.dialog, { response: 99, checkboxChecked: false }).choice).toBe('background');
  });

  it('maps each button to its choice and carries "remember my choice"', () => {
    const action = onLastWindowClosed({ work: training, platform: 'linux', remembered: null });
    if (action.kind !== 'ask') throw new Error('expected a question');
    const stop = action.dialog.choices.indexOf('stop');
    expect(action.dialog.buttons[stop]).toBe('Stop and quit');
    expect(readAnswer(action.dialog, { response: stop, checkboxChecked: true })).toEqual({ choice: 'stop', remember: true });
  });

  it('uses a remembered choice instead of asking', () => {
    expect(onLastWindowClosed({ work: training, platform: 'linux', remembered: 'stop' })).toEqual({ kind: 'stop-and-quit' });
    expect(onLastWindowClosed({ work: training, platform: 'win32', remembered: 'background' })).toEqual({ kind: 'background', tray: true });
    expect(onLastWindowClosed({ work: training, platform: 'darwin', remembered: 'background' })).toEqual({ kind: 'background', tray: false });
  });

  it('shows a tray icon for the background on Linux and Windows, the dock on macOS', () => {
    expect(applyChoice('background', 'linux')).toEqual({ kind: 'background', tray: true });
    expect(applyChoice('background', 'darwin')).toEqual({ kind: 'background', tray: false });
    expect(applyChoice('stop', 'darwin')).toEqual({ kind: 'stop-and-quit' });
  });
});

describe('an explicit quit', () => {
  it('quits at once when nothing runs or the user already confirmed', () => {
    expect(onQuitRequested({ work: idle, confirmed: false })).toEqual({ kind: 'quit' });
    expect(onQuitRequested({ work: training, confirmed: true })).toEqual({ kind: 'quit' });
  });

  it('confirms before stopping work, defaulting to keeping it', () => {
    const action = onQuitRequested({ work: { runs: 0, jobs: 1 }, confirmed: false });
    if (action.kind !== 'confirm') throw new Error('expected a confirmation');
    expect(action.dialog.message).toBe('1 inference or export job is still going. Quit anyway?');
    expect(action.dialog.choices[action.dialog.cancelId]).toBe('background');
    expect(action.dialog.choices[action.dialog.defaultId]).toBe('background');
  });
});

describe('work settling in the background', () => {
  it('quits on Linux and Windows once nothing runs and no window is open', () => {
    expect(onWorkSettled({ work: idle, platform: 'linux', windows: 0, inBackground: true })).toBe('quit');
    expect(onWorkSettled({ work: training, platform: 'linux', windows: 0, inBackground: true })).toBe('stay');
    expect(onWorkSettled({ work: idle, platform: 'linux', windows: 1, inBackground: true })).toBe('stay');
    expect(onWorkSettled({ work: idle, platform: 'win32', windows: 0, inBackground: false })).toBe('stay');
    expect(onWorkSettled({ work: idle, platform: 'darwin', windows: 0, inBackground: true })).toBe('stay');
  });
});

describe('the remembered choice', () => {
  it('round-trips and treats anything unreadable as not remembered', () => {
    expect(parseRememberedChoice(serializeRememberedChoice('stop'))).toBe('stop');
    expect(parseRememberedChoice(serializeRememberedChoice('background'))).toBe('background');
    expect(parseRememberedChoice(null)).toBeNull();
    expect(parseRememberedChoice('{"closeChoice":"explode"}')).toBeNull();
    expect(parseRememberedChoice('{not json')).toBeNull();
  });

  it('describes the work in words', () => {
    expect(describeWork({ runs: 2, jobs: 0 })).toBe('2 training runs');
    expect(describeWork({ runs: 0, jobs: 1 })).toBe('1 inference or export job');
  });
});
