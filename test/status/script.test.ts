import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { ProbeTarget } from '../../src/health/types.js';
import { parseStatusOutput, statusScript } from '../../src/status/script.js';
import { serviceStatus } from '../../src/status/service-status.js';

/** Stand-ins for the host's tools, first on PATH; `timeout`, `mktemp` and `sh` are the real ones. */
function stubTools(tools: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dl-status-'));
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('the status script', () => {
  it('runs the checks in parallel under timeout and prints every section in order', async () => {
    const bin = stubTools({
      systemctl: `printf 'Id=etcd.service\\nLoadState=loaded\\nActiveState=active\\n\\nId=kafka.service\\nLoadState=not-found\\nActiveState=inactive\\n'`,
      ss: `printf 'LISTEN 0      4096   198.18.1.11:2379      0.0.0.0:*\\nLISTEN 0      4096         [::]:22         [::]:*\\n'`,
      ip: `printf '2: eth0    inet 198.18.1.11/24 scope global eth0\\\\       valid_lft forever preferred_lft forever\\n'`,
      hang1: 'sleep 5',
      hang2: 'sleep 5',
      answer: `printf '{"ok":true}'; exit 3`,
    });
    const script = statusScript(['etcd.service', 'kafka.service'], ['hang1', 'answer', 'hang2'], 1);
    const started = Date.now();
    const result = await execa('sh', ['-c', script], { env: { PATH: `${bin}:${process.env.PATH}` } });
    // Two hung checks cost one timeout, not two.
    expect(Date.now() - started).toBeLessThan(1900);
    const facts = parseStatusOutput(result.stdout, 3);
    expect(facts.units.get('etcd.service')).toEqual({ load: 'loaded', active: 'active' });
    expect(facts.units.get('kafka.service')).toEqual({ load: 'not-found', active: 'inactive' });
    expect([...facts.listening]).toEqual([2379, 22]);
    expect([...facts.addresses]).toEqual(['198.18.1.11']);
    expect(facts.checks).toEqual([
      { code: 124, stdout: '' },
      { code: 3, stdout: '{"ok":true}' },
      { code: 124, stdout: '' },
    ]);
  });

  it("tells which probes' installed paths exist, so a service with a borrowed unit counts only where it was installed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-status-paths-'));
    const present = join(dir, 'pgpass');
    writeFileSync(present, '');
    const script = statusScript([], [], 1, [present, join(dir, 'absent')]);
    const facts = parseStatusOutput((await execa('sh', ['-c', script])).stdout, 0);
    expect([...facts.paths]).toEqual([present]);

    const units = new Map([['patroni.service', { load: 'loaded', active: 'active' }]]);
    const target = { placed: { service: { id: 'iceberg-catalog' }, instance: 0, ports: [] } } as unknown as ProbeTarget;
    const installedAt = (path: string) => serviceStatus(target, { unit: 'patroni.service', installedPath: path, ports: [] }, { ...facts, units }, undefined).health;
    expect(installedAt(present)).toBe('ok');
    expect(installedAt(join(dir, 'absent'))).toBe('not-installed');
  });

  it('quotes check commands so that their own quotes survive', async () => {
    const script = statusScript([], [`printf '%s' "it's"`], 1);
    const result = await execa('sh', ['-c', script]);
    expect(parseStatusOutput(result.stdout, 1).checks).toEqual([{ code: 0, stdout: "it's" }]);
  });

  it('reads a capture from a lab host after phase 1 (no phase 2-3 service yet)', () => {
    const capture = readFileSync(new URL('./captures/vm1-after-phase-1.txt', import.meta.url), 'utf8');
    const facts = parseStatusOutput(capture, 3);
    expect(facts.units.get('etcd.service')).toEqual({ load: 'not-found', active: 'inactive' });
    expect(facts.units.size).toBe(12);
    expect(facts.listening.has(22)).toBe(true);
    expect([...facts.addresses]).toEqual(['127.0.0.1', '198.18.20.11', '198.18.21.11', '198.18.22.11']);
    expect(facts.checks.map((check) => check.code)).toEqual([127, 1, 7]);
    expect(facts.checks[0]!.stdout).toBe('sh: 1: etcdctl: not found');
  });
});
