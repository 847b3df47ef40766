import type { IncomingHttpHeaders } from 'node:http';

/** Names that always mean this machine: an SSH tunnel to a studio arrives under one of them, on any port. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
/** Bound to every interface (the user asked for it): the names it is reached by are not known here. */
const WILDCARD_HOST = /^(0\.0\.0\.0|::|\[::\])$/;

/**
 * Why a request to the API (or an event socket) does not come from the studio's own page, or null
 * when it does. The token cookie travels with any request a browser makes to this host and port,
 * including one a page on another local port makes (same site, other origin), so the cookie alone
 * proves nothing:
 * - `Host` must name this server (its bound address, or a loopback name on any port, for tunnels):
 *   anything else is a DNS-rebinding page (bound to every interface, any name is allowed);
 * - `Origin`, when the browser sends it, must be this very host and port;
 * - `Sec-Fetch-Site`, when sent, must say the request came from the same origin.
 * Clients that are not browsers (the CLI's tests, curl) send neither header and still need the token.
 */
export function foreignRequestReason(headers: IncomingHttpHeaders, boundHost: string): string | null {
  const host = headers.host;
  if (!host) return 'no Host header';
  const hostname = hostnameOf(host);
  const isOurs = hostname !== null && (WILDCARD_HOST.test(boundHost) || LOOPBACK_HOST.test(hostname) || hostname.toLowerCase() === hostnameOf(boundHost)?.toLowerCase());
  if (!isOurs) {
    return `Host ${JSON.stringify(host)} is not this studio`;
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return `Origin ${JSON.stringify(origin)} is not this studio (http://${host})`;
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `a ${site} request`;
  return null;
}

/** The host name of a `Host` header value (`name:port`, `[v6]:port`), or null when it is not one. */
function hostnameOf(host: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(host.trim());
  return match ? match[1] : host.includes(':') && !host.includes('[') && /^[0-9a-f:]+$/i.test(host) ? `[${host}]` : null;
}
