import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface TlsMaterial {
  ca: string;
  cert?: string;
  key?: string;
}

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  tls?: TlsMaterial;
  basicAuth?: { user: string; password: string };
  timeoutMs: number;
  /** A TCP connection not established by then fails as `connect` (default: timeoutMs). */
  connectTimeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * A phase of an HTTP call that failed: before the request was written (`connect`: it cannot
 * have had an effect) or after (`response`: it may have). Writes use this to tell failed
 * from unknown.
 */
export class HttpCallError extends Error {
  constructor(
    message: string,
    readonly phase: 'connect' | 'response',
  ) {
    super(message);
    this.name = 'HttpCallError';
  }
}

/**
 * One HTTP(S) request on a fresh connection (no keep-alive: each probe tests the path from
 * scratch, and a connection to a dead server is never reused). TLS verifies the server
 * against the cluster CA; a client certificate is sent when given.
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (call.basicAuth) headers.authorization = `Basic ${Buffer.from(`${call.basicAuth.user}:${call.basicAuth.password}`).toString('base64')}`;
  const options = {
    method: call.method ?? (payload === undefined ? 'GET' : 'POST'),
    headers,
    agent: false as const,
    ...(url.protocol === 'https:' && call.tls ? { ca: call.tls.ca, cert: call.tls.cert, key: call.tls.key } : {}),
  };
  return new Promise((resolve, reject) => {
    let sent = false;
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => reject(new HttpCallError(error.message, 'response')));
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${call.timeoutMs} ms`)), call.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    if (call.connectTimeoutMs !== undefined) {
      const connectTimer = setTimeout(() => req.destroy(new Error(`no connection within ${call.connectTimeoutMs} ms`)), call.connectTimeoutMs);
      req.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('close', () => clearTimeout(connectTimer));
    }
    // 'finish' fires once the request is handed to the socket: from then on the server may act on it.
    req.on('finish', () => (sent = true));
    req.on('error', (error) => reject(new HttpCallError(`${url.host}: ${error.message}`, sent ? 'response' : 'connect')));
    req.end(payload);
  });
}
