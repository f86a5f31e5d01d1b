import { request } from 'node:http';

export interface RestAnswer {
  status: number;
  body: string;
}

/** One call to a Connect worker's REST API (JSON in and out), on a fresh connection, bounded. */
export function connectRest(url: string, method: 'GET' | 'PUT' | 'DELETE', timeoutMs: number, body?: unknown): Promise<RestAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: payload === undefined ? {} : { 'content-type': 'application/json' } }, (response) => {
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
