import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { UserError } from '../../src-shared/errors';
import type { Studio } from '../services/studio';
import { TOKEN_COOKIE, requestToken, tokenMatches } from './auth';
import { foreignRequestReason } from './same-origin';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};
const CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; script-src 'self'; frame-ancestors 'none'";
/** API request bodies and event-socket frames: far above any real request, far below what would hurt. */
const MAX_BODY = 1 << 20;
/** Open event sockets: a few windows each; more is a runaway page. */
const MAX_SOCKETS = 64;

/** A request body over MAX_BODY: answered 413, then the connection is closed. */
class BodyTooLarge extends Error {}

export interface HostOptions {
  readonly studio: Studio;
  readonly rendererDir: string;
  readonly token: string;
  readonly host: string;
  readonly port: number;
}

export interface RunningHost {
  readonly url: string;
  readonly server: Server;
  /** Sends an event to every connected page. */
  broadcast(event: unknown): void;
  close(): Promise<void>;
}

/**
 * The web transport: the renderer bundle plus the API over HTTP and a WebSocket for events. Every
 * request and socket must carry the per-launch token; the page sets it as a cookie for its assets.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const rendererRoot = resolve(options.rendererDir);
  const sockets = new Set<WebSocket>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: (error as Error).message });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!tokenMatches(options.token, requestToken(request, url))) {
      return sendJson(response, 401, { error: 'missing or wrong token: open the URL that segstudio serve printed' });
    }
    const path = decodePath(url.pathname);
    if (path === null) return sendJson(response, 400, { error: `malformed %-encoding in ${JSON.stringify(url.pathname)}` });
    if (path.startsWith('/api/')) {
      const foreign = foreignRequestReason(request.headers, options.host);
      if (foreign) return sendJson(response, 403, { error: `refused: ${foreign}; the studio's API answers its own page only` });
    }
    if (path.startsWith('/api/rpc/') && request.method === 'POST') {
      const method = path.slice('/api/rpc/'.length);
      let body: string;
      try {
        body = await readBody(request);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        response.on('finish', () => request.destroy());
        return sendJson(response, 413, { error: `${method}: request body over ${MAX_BODY} bytes` }, { connection: 'close' });
      }
      let params: unknown;
      try {
        params = body.length ? JSON.parse(body) : {};
      } catch {
        return sendJson(response, 400, { error: `${method}: request body is not valid JSON` });
      }
      return answer(response, () => options.studio.handle(method, params));
    }
    if (path.startsWith('/api/binary/') && request.method === 'GET') {
      const name = path.slice('/api/binary/'.length);
      // Query values are strings; the resource's schema coerces its numbers.
      const params = Object.fromEntries(url.searchParams);
      delete params.token;
      try {
        const payload = await options.studio.binary(name, params);
        response.writeHead(200, { 'content-type': payload.mime, 'content-length': payload.bytes.byteLength, 'cache-control': 'no-store' });
        response.end(Buffer.from(payload.bytes));
      } catch (error) {
        sendError(response, error);
      }
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') return serveStatic(url, path, response);
    sendJson(response, 404, { error: `no route for ${request.method} ${url.pathname}` });
  }

  async function serveStatic(url: URL, decodedPath: string, response: ServerResponse): Promise<void> {
    const relativePath = decodedPath === '/' ? 'index.html' : decodedPath.slice(1);
    const path = normalize(join(rendererRoot, relativePath));
    if (path !== rendererRoot && !path.startsWith(rendererRoot + sep)) return sendJson(response, 404, { error: 'not found' });
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) {
      const hint = url.pathname === '/' ? ' (the renderer is not built: run "npm run build")' : '';
      return sendJson(response, 404, { error: `not found: ${url.pathname}${hint}` });
    }
    const headers: Record<string, string | number> = { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', 'content-length': info.size };
    if (extname(path) === '.html') {
      headers['content-security-policy'] = CSP;
      headers['x-frame-options'] = 'DENY';
      headers['set-cookie'] = `${TOKEN_COOKIE}=${options.token}; Path=/; HttpOnly; SameSite=Strict`;
      headers['cache-control'] = 'no-store';
    }
    response.writeHead(200, headers);
    createReadStream(path).pipe(response);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (url.pathname !== '/api/events' || !tokenMatches(options.token, requestToken(request, url))) return refuse('401 Unauthorized');
    if (foreignRequestReason(request.headers, options.host)) return refuse('403 Forbidden');
    if (sockets.size >= MAX_SOCKETS) return refuse('503 Service Unavailable');
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A frame over maxPayload (or any protocol error) ends that socket; unheard, the error would end the server.
      ws.on('error', () => ws.terminate());
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    server,
    broadcast(event) {
      const text = JSON.stringify(event);
      for (const ws of sockets) ws.send(text);
    },
    close: () => new Promise((resolveClose) => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.close(() => resolveClose());
      server.closeAllConnections();
    }),
  };
}

async function answer(response: ServerResponse, run: () => Promise<unknown>): Promise<void> {
  try {
    sendJson(response, 200, { result: await run() });
  } catch (error) {
    sendError(response, error);
  }
}

function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof UserError) return sendJson(response, 400, { error: error.message });
  sendJson(response, 500, { error: `internal error: ${(error as Error).message}` });
}

function sendJson(response: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...extraHeaders });
  response.end(text);
}

/** The URL path with its %-escapes decoded, or null when they are malformed. */
function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, rejectBody) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY) return rejectBody(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Stop buffering; the 413 goes out and the connection closes after it.
        request.removeAllListeners('data');
        request.pause();
        rejectBody(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', rejectBody);
  });
}
