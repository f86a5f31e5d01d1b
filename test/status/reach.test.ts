import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatalypticaError } from '../../src/core/errors.js';
import { dial } from '../../src/ssh/pool.js';
import { failureKind } from '../../src/status/failure.js';

/**
 * The TCP looks that tell a powered-off host (no answer, twice) from a slow one (its kernel
 * answers at once, however busy its CPUs): real sockets on loopback, and sockets that never
 * connect standing in for a host whose link is down.
 */
let server: Server;
let port: number;
let closedPort: number;

beforeAll(async () => {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // A port nothing listens on: bound once, then released.
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const target = (to: number) => ({ host: 'vm5', address: '127.0.0.1', port: to, user: 'root' });
const connectTo = (to: number) => () => new Socket().connect(to, '127.0.0.1');
const silent = () => new Socket();

async function rejection(work: Promise<unknown>): Promise<DatalypticaError> {
  const error = await work.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof DatalypticaError)) throw new Error(`expected a DatalypticaError, got ${String(error)}`);
  return error;
}

describe('dialling sshd with reach looks', () => {
  it('connects to a host that answers', async () => {
    const socket = await dial(target(port), [200, 100], connectTo(port));
    expect(socket.remotePort).toBe(port);
    socket.destroy();
  });

  it('reports silence at every look as unreachable, within the looks and a margin', async () => {
    const started = Date.now();
    const error = await rejection(dial(target(22), [60, 40], silent));
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(Date.now() - started).toBeLessThan(600);
    expect(error.code).toBe('E_SSH_SILENT');
    expect(error.message).toBe('vm5 (127.0.0.1:22): no answer to 2 TCP connections (given 0.06 s, then 0.04 s)');
    expect(failureKind(error)).toBe('unreachable');
  });

  it('takes the second look when the first went unanswered (a lost SYN)', async () => {
    let looks = 0;
    const socket = await dial(target(port), [50, 200], () => (++looks === 1 ? silent() : connectTo(port)()));
    expect(looks).toBe(2);
    socket.destroy();
  });

  it('stops at a refusal without a second look: positive evidence', async () => {
    let looks = 0;
    const error = await rejection(dial(target(closedPort), [1000, 1000], () => (looks++, connectTo(closedPort)())));
    expect(looks).toBe(1);
    expect(error.code).toBe('E_SSH_REFUSED');
    expect(failureKind(error)).toBe('unreachable');
  });

  it('does not take a connection that completed while the event loop was busy for silence', async () => {
    const pending = dial(target(port), [20], connectTo(port));
    // Five handshakes on a loaded machine: the look's timer comes due before the loop sees the connect.
    const busyUntil = Date.now() + 80;
    while (Date.now() < busyUntil) {
      // busy on purpose
    }
    const socket = await pending;
    expect(socket.remotePort).toBe(port);
    socket.destroy();
  });
});

describe('what a failed round trip says about a host', () => {
  const error = (code: string) => new DatalypticaError(code, 'x');

  it('is unreachable only on positive evidence; slow, flaky or blind otherwise', () => {
    expect(['E_SSH_SILENT', 'E_SSH_REFUSED', 'E_SSH_UNREACHABLE', 'E_HOSTKEY_CHANGED'].map((code) => failureKind(error(code)))).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable']);
    expect(['E_STATUS_DEADLINE', 'E_SSH_TIMEOUT', 'E_REMOTE_TIMEOUT'].map((code) => failureKind(error(code)))).toEqual(['slow', 'slow', 'slow']);
    expect(['E_SSH_RESET', 'E_SSH_LOST'].map((code) => failureKind(error(code)))).toEqual(['flaky', 'flaky']);
    expect(['E_SSH_AUTH', 'E_HOSTKEY_UNKNOWN', 'E_STATUS_SCRIPT'].map((code) => failureKind(error(code)))).toEqual(['blind', 'blind', 'blind']);
    expect(failureKind(new Error('bug'))).toBe('blind');
  });
});
