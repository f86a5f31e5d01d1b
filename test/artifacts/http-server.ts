import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test server misbehaves, per path. */
export interface ServeOptions {
  /** Answer 200 with the whole file even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Send this many body bytes, then drop the connection (a download cut short). */
  cutAfter?: number;
  /** Send the headers and then nothing at all (a stalled mirror). */
  stall?: boolean;
}

export interface TestServer {
  url: string;
  /** Every request: its path and Range header. */
  requests: Array<{ path: string; range?: string }>;
  /** Change a path's behaviour for the following requests. */
  behave(path: string, options: ServeOptions): void;
  close(): Promise<void>;
}

/**
 * A static file server on 127.0.0.1 that speaks HTTP Range (206, 416) like a mirror does, and
 * can cut a transfer short or stall: what the download tests need, with no network.
 */
export async function serveFiles(files: Record<string, Buffer | string>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const behaviour = new Map<string, ServeOptions>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    const range = request.headers.range;
    requests.push({ path, ...(range ? { range } : {}) });
    const content = files[path];
    if (content === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    const body = Buffer.from(content);
    const options = behaviour.get(path) ?? {};
    let start = 0;
    const match = range && !options.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= body.length) {
        response.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      response.writeHead(206, { 'Content-Length': body.length - start, 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` });
    } else {
      response.writeHead(200, { 'Content-Length': body.length });
    }
    if (options.stall) {
      response.flushHeaders();
      return;
    }
    const rest = body.subarray(start);
    if (options.cutAfter !== undefined) {
      response.write(rest.subarray(0, options.cutAfter), () => setTimeout(() => request.socket.destroy(), 20));
      return;
    }
    response.end(rest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave: (path, options) => behaviour.set(path, options),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
