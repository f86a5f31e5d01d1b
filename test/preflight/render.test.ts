import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/cli/commands/check.js';
import { CliIo } from '../../src/cli/io.js';
import type { PreflightReport } from '../../src/preflight/index.js';

const sink = new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as typeof process.stdout & typeof process.stderr;

const report: PreflightReport = {
  ok: false,
  hosts: ['vm1', 'vm2'],
  checks: [
    { id: 'connect', title: 'SSH connection' },
    { id: 'cpu', title: 'CPU' },
  ],
  results: [
    { check: 'connect', host: 'vm1', status: 'pass', detail: 'root@198.18.20.11:22' },
    { check: 'cpu', host: 'vm1', status: 'warn', detail: '2 vCPU (declared 2 vCPU, spec minimum 16 vCPU for control): below the spec minimum', fix: 'size the host up' },
    { check: 'connect', host: 'vm2', status: 'fail', detail: 'vm2 (198.18.20.12:22): no SSH answer within 5 s', fix: 'check the address' },
    { check: 'cpu', host: 'vm2', status: 'fail', detail: 'vm2 (198.18.20.12:22): no SSH answer within 5 s', fix: 'check the address' },
  ],
  clock: { spreadSeconds: 0.02, provenSpreadSeconds: 0, offsets: {} },
  counts: { pass: 1, warn: 1, fail: 2 },
};

describe('check table', () => {
  it('renders checks as rows and hosts as columns, then each problem once with its fix, fails first', () => {
    const io = new CliIo({ color: false }, sink, sink);
    expect(renderReport(io, report).split('\n')).toEqual([
      'check           vm1   vm2',
      'SSH connection  pass  fail',
      'CPU             warn  fail',
      '',
      'fail vm2 every check: vm2 (198.18.20.12:22): no SSH answer within 5 s',
      '     fix: check the address',
      'warn vm1 CPU: 2 vCPU (declared 2 vCPU, spec minimum 16 vCPU for control): below the spec minimum',
      '     fix: size the host up',
      '',
      '2 hosts: 1 passed, 1 warning, 2 failed; clock spread 0.020 s (0.000 s beyond the measurement error)',
    ]);
  });
});
