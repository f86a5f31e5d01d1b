import { request } from 'node:https';

export interface RestAnswer {
  status: number;
  body: string;
}

/** What a caller presents to a worker's REST API: it requires a client certificate of the cluster CA. */
export interface RestTls {
  ca: string;
  cert: string;
  key: string;
}

/** One call to a Connect worker's REST API (JSON in and out, HTTPS), on a fresh connection, bounded. */
export function connectRest(url: string, tls: RestTls, method: 'GET' | 'PUT' | 'DELETE', timeoutMs: number, body?: unknown): Promise<RestAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = payload === undefined ? {} : { 'content-type': 'application/json' };
    const req = request(url, { method, agent: false, ...tls, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
