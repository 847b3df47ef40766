import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT, RENDERER_DIR, SAMPLE_DATASET, defaultDataDir } from '../app-paths';
import { newToken } from '../host/auth';
import { startHost } from '../host/server';
import { Studio } from '../services/studio';
import { openDatabase } from '../store/db';
import { UsageError } from './usage-error';

const STOP_GRACE_MS = 1500;

export const SERVE_USAGE = `segstudio serve [--dataset DIR] [--port N] [--host 127.0.0.1] [--data-dir DIR] [--open]

Serves the studio to a browser. Prints http://<host>:<port>/?token=<token> once it listens; every
request needs that token. --port 0 picks a free port. Binds to 127.0.0.1 unless --host says otherwise.
The dataset defaults to the bundled sample.`;

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      port: { type: 'string', default: '5199' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer in 0..65535, got ${JSON.stringify(values.port)}`);

  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const db = openDatabase(dataDir);
  const studio = new Studio({ db, dataDir, version, transport: 'web', defaultDataset: values.dataset ?? SAMPLE_DATASET });
  const host = await startHost({ studio, rendererDir: RENDERER_DIR, token: newToken(), host: values.host, port })
    .catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(error.code === 'EADDRINUSE' ? `port ${port} is in use: pick another with --port (0 for any free port)` : error.message);
    });
  studio.onEvent((event) => host.broadcast(event));
  console.log(host.url);
  if (values.open) openInBrowser(host.url);

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // A clean stop takes milliseconds; whatever a request is waiting on, the process is gone within the grace period.
  setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  studio.close();
  await host.close();
  db.close();
  return 0;
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`could not open a browser (${command}); open ${url} yourself`));
  child.unref();
}
