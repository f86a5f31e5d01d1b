import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Phase } from '../../src/engine/phase.js';
import { file } from '../../src/engine/resources/index.js';
import { PRELUDE } from '../../src/engine/shell.js';
import { fakeCluster } from '../engine/helpers.js';

/** A phase that writes what ctx.facts and ctx.cluster give it, asking for the facts twice. */
const factsPhase: Phase = {
  id: 9,
  title: 'facts',
  hosts: (inventory) => inventory.hosts.map((host) => host.name).slice(0, 2),
  steps: [
    {
      name: 'facts',
      resources: async (host, ctx) => {
        const facts = await ctx.facts(host.name);
        const again = await ctx.facts(host.name);
        const ca = await ctx.cluster.pki.ensureCa();
        const secret = await (await ctx.cluster.secrets()).getOrCreate('test.secret');
        return [
          file({ path: '/tmp/facts', content: `${facts.applicationInterface} ${facts.osFamily} ${again === facts}\n` }),
          file({ path: '/tmp/ca.crt', content: ca.certPem }),
          file({ path: '/tmp/secret', content: secret, mode: '0600', secret: true }),
        ];
      },
    },
  ],
};

describe('what the engine gives phases', () => {
  it('reads host facts once per host and run, and one CA and secret store for the cluster', async () => {
    const cluster = fakeCluster(['vm1', 'vm2']);
    const answers = { vm1: 'eth0.10@eth0\nrocky rhel centos fedora\n', vm2: 'ens3\ndebian\n' };
    for (const [name, host] of cluster.hosts) {
      host.overrides.set('dl_sh', ([command = '']) => (command.startsWith('ip -o -4 addr show to 198.18.1.') ? { stdout: answers[name as 'vm1'] } : { code: 127 }));
    }
    const { summary, events } = await cluster.install([factsPhase]);
    expect(summary.ok).toBe(true);
    expect(cluster.host('vm1').fileText('/tmp/facts')).toBe('eth0.10 rhel true\n');
    expect(cluster.host('vm2').fileText('/tmp/facts')).toBe('ens3 debian true\n');
    expect(cluster.host('vm1').executed.filter((line) => line.startsWith('dl_sh'))).toHaveLength(1);
    expect(cluster.host('vm1').fileText('/tmp/ca.crt')).toBe(cluster.host('vm2').fileText('/tmp/ca.crt'));
    const secret = cluster.host('vm1').fileText('/tmp/secret')!;
    expect(secret).toBe(cluster.host('vm2').fileText('/tmp/secret'));
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('fails a host whose application address is on no interface, naming it', async () => {
    const cluster = fakeCluster(['vm1', 'vm2']);
    for (const host of cluster.hosts.values()) host.overrides.set('dl_sh', () => ({ stdout: '\ndebian\n' }));
    const { summary } = await cluster.install([factsPhase]);
    expect(summary.ok).toBe(false);
    expect(summary.phases[0]!.failedHosts[0]).toMatchObject({ host: 'vm1', error: 'vm1: no network interface holds the application address 198.18.1.10' });
  });
});

describe('apt pins in the prelude', () => {
  it('adds the epoch apt shows, and leaves versions without one alone', () => {
    const bin = mkdtempSync(join(tmpdir(), 'dl-apt-'));
    writeFileSync(join(bin, 'apt-cache'), `#!/bin/sh\ncase "$2" in\n  keepalived) echo "keepalived | 1:2.2.7-1+b2 | http://deb.debian.org/debian bookworm/main amd64 Packages";;\n  haproxy) echo "   haproxy | 2.6.12-1+deb12u2 | http://deb.debian.org/debian bookworm/main amd64 Packages";;\nesac\n`);
    chmodSync(join(bin, 'apt-cache'), 0o755);
    const pin = (spec: string) => execFileSync('sh', ['-c', `${PRELUDE}\ndl_apt_pin '${spec}'`], { env: { PATH: `${bin}:${process.env.PATH}` } }).toString().trim();
    expect(pin('keepalived=2.2*')).toBe('keepalived=1:2.2*');
    expect(pin('haproxy=2.6*')).toBe('haproxy=2.6*');
    expect(pin('jq')).toBe('jq');
  });
});
