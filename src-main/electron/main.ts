import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../src-shared/errors';
import { PACKAGE_ROOT, RENDERER_DIR, SAMPLE_DATASET } from '../app-paths';
import { Studio } from '../services/studio';
import { openDatabase, type Db } from '../store/db';
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

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  studio.onEvent((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('segstudio:event', event);
  });
  app.on('will-quit', () => {
    studio.close();
    db.close();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
