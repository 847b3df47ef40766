import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, session, Tray, type IpcMainInvokeEvent, type NativeImage } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LIVE_STATUSES } from '../../src-shared/api/runs';
import { UserError } from '../../src-shared/errors';
import { PACKAGE_ROOT, RENDERER_DIR, SAMPLE_DATASET } from '../app-paths';
import { Studio } from '../services/studio';
import { openDatabase, type Db } from '../store/db';
import { writeFileAtomic } from '../util/atomic-write';
import {
  applyChoice, describeWork, onLastWindowClosed, onQuitRequested, onWorkSettled, parseRememberedChoice, readAnswer, serializeRememberedChoice,
  type ActiveWork, type CloseAction, type CloseDialog,
} from './close-policy';
import { spawnUtilityTrainingProcess } from './training-process';

const CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; script-src 'self'";
const datasetArg = process.argv.find((a) => a.startsWith('--dataset='))?.slice('--dataset='.length);

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    title: 'segstudio',
    backgroundColor: '#16181c',
    webPreferences: {
      preload: join(PACKAGE_ROOT, 'out', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(RENDERER_DIR, 'index.html'));
  // Navigation away from the studio and new windows are never wanted.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  return window;
}

/** Only our own page may call the API. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(pathToFileURL(RENDERER_DIR).href) || (!!process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}

async function reply<T>(run: () => Promise<T>): Promise<{ result?: T; error?: string }> {
  try {
    return { result: await run() };
  } catch (error) {
    return { error: error instanceof UserError ? error.message : `internal error: ${(error as Error).message}` };
  }
}

void app.whenReady().then(() => {
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  // The same override the CLI honours, so tests and scripts can point the app at a scratch data dir.
  const dataDir = process.env.SEGSTUDIO_DATA_DIR ?? app.getPath('userData');
  let db: Db;
  try {
    db = openDatabase(dataDir);
  } catch (error) {
    // Nothing can work without the database: say why in a dialog (the message names the file and the fix), then quit.
    dialog.showErrorBox('segstudio cannot open its database', error instanceof UserError ? error.message : `internal error: ${(error as Error).message}`);
    app.quit();
    return;
  }
  const pickFolder = async (title: string) => {
    const window = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
    const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : picked.filePaths[0] ?? null;
  };
  const studio = new Studio({
    db, dataDir, version, transport: 'electron', defaultDataset: datasetArg ?? SAMPLE_DATASET, spawnTraining: spawnUtilityTrainingProcess, pickFolder,
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  ipcMain.handle('segstudio:call', (event, method: unknown, params: unknown) =>
    isTrustedSender(event) ? reply(() => studio.handle(String(method), params)) : { error: 'untrusted sender' });
  ipcMain.handle('segstudio:binary', (event, name: unknown, params: unknown) =>
    isTrustedSender(event) ? reply(async () => studio.binary(String(name), params)).then((r) => (r.result ? { payload: r.result } : r)) : { error: 'untrusted sender' });

  const closing = new BackgroundKeeper(studio, join(dataDir, 'close-choice.json'));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) closing.openWindow();
  });
  studio.onEvent((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('segstudio:event', event);
    closing.onStudioEvent();
  });
  app.on('window-all-closed', () => void closing.onLastWindowClosed());
  app.on('before-quit', (event) => closing.onBeforeQuit(event));
  app.on('will-quit', () => {
    studio.close();
    db.close();
  });
});

/**
 * Carries out `close-policy.ts`'s decisions: the dialogs, the tray icon, the remembered choice and
 * quitting once background work is done. Nothing is stopped without the user saying so.
 */
class BackgroundKeeper {
  private tray: Tray | null = null;
  private isInBackground = false;
  private isQuitConfirmed = false;
  private isAsking = false;

  constructor(private readonly studio: Studio, private readonly choiceFile: string) {}

  activeWork(): ActiveWork {
    return {
      runs: this.studio.training.list().filter((run) => LIVE_STATUSES.includes(run.status)).length,
      jobs: this.studio.jobs.list().filter((job) => job.status === 'running').length,
    };
  }

  openWindow(): void {
    this.isInBackground = false;
    this.tray?.destroy();
    this.tray = null;
    createWindow();
  }

  async onLastWindowClosed(): Promise<void> {
    await this.perform(onLastWindowClosed({ work: this.activeWork(), platform: process.platform, remembered: this.remembered() }));
  }

  onBeforeQuit(event: Electron.Event): void {
    const decision = onQuitRequested({ work: this.activeWork(), confirmed: this.isQuitConfirmed });
    if (decision.kind === 'quit') return;
    event.preventDefault();
    void this.ask(decision.dialog).then(async (answer) => {
      if (answer === null) return;
      if (answer.choice === 'stop') return this.perform({ kind: 'stop-and-quit' });
      if (BrowserWindow.getAllWindows().length === 0) return this.perform(applyChoice('background', process.platform));
    });
  }

  /** After any run or job event: keep the tray's tooltip current, and quit once background work is done. */
  onStudioEvent(): void {
    if (!this.isInBackground) return;
    // Let the service record the new status before counting what is still going.
    setImmediate(() => {
      const work = this.activeWork();
      this.tray?.setToolTip(`segstudio: ${describeWork(work) || 'nothing running'}`);
      const windows = BrowserWindow.getAllWindows().length;
      if (onWorkSettled({ work, platform: process.platform, windows, inBackground: this.isInBackground }) === 'quit') app.quit();
    });
  }

  private async perform(action: CloseAction): Promise<void> {
    switch (action.kind) {
      case 'quit':
        app.quit();
        return;
      case 'stay-in-dock':
        return;
      case 'stop-and-quit':
        this.isQuitConfirmed = true;
        app.quit();
        return;
      case 'background':
        this.goToBackground(action.tray);
        return;
      case 'ask': {
        const answer = await this.ask(action.dialog);
        if (answer === null) return;
        if (answer.remember) await writeFileAtomic(this.choiceFile, serializeRememberedChoice(answer.choice));
        // Work may have finished while the dialog was open; a closed window with nothing left simply quits.
        await this.perform(onLastWindowClosed({ work: this.activeWork(), platform: process.platform, remembered: answer.choice }));
      }
    }
  }

  /** Shows a dialog, one at a time; null when another is already open. */
  private async ask(dialogSpec: CloseDialog): Promise<ReturnType<typeof readAnswer> | null> {
    if (this.isAsking) return null;
    this.isAsking = true;
    try {
      const answer = await dialog.showMessageBox({
        type: 'question',
        title: 'segstudio',
        message: dialogSpec.message,
        detail: dialogSpec.detail,
        buttons: [...dialogSpec.buttons],
        defaultId: dialogSpec.defaultId,
        cancelId: dialogSpec.cancelId,
        noLink: true,
        ...(dialogSpec.checkboxLabel ? { checkboxLabel: dialogSpec.checkboxLabel, checkboxChecked: false } : {}),
      });
      return readAnswer(dialogSpec, answer);
    } finally {
      this.isAsking = false;
    }
  }

  private goToBackground(withTray: boolean): void {
    this.isInBackground = true;
    if (!withTray || this.tray) return;
    const tray = new Tray(trayIcon());
    tray.setToolTip(`segstudio: ${describeWork(this.activeWork())}`);
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: 'Open segstudio', click: () => this.openWindow() },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]));
    tray.on('click', () => this.openWindow());
    this.tray = tray;
  }

  private remembered(): ReturnType<typeof parseRememberedChoice> {
    return parseRememberedChoice(existsSync(this.choiceFile) ? readFileSync(this.choiceFile, 'utf8') : null);
  }
}

/** A 16×16 orange disc, drawn here so the package needs no icon file. */
function trayIcon(): NativeImage {
  const size = 16;
  const bgra = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 7 ** 2;
      bgra.set(inside ? [0xe0, 0x9a, 0x3c, 0xff] : [0, 0, 0, 0], (y * size + x) * 4);
    }
  }
  return nativeImage.createFromBitmap(bgra, { width: size, height: size });
}
