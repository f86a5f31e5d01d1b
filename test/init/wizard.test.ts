import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { nodeFileSystem } from '../../src/core/fs.js';
import { runInit } from '../../src/inventory/init.js';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { runInitWizard } from '../../src/inventory/wizard.js';
import { ScriptedPrompter } from './fake-prompter.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datalyptica-wizard-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runInitWizard', () => {
  it('with every default answer gives the spec layout', async () => {
    const prompter = new ScriptedPrompter();
    expect(buildSpecInventory(await runInitWizard(prompter))).toEqual(buildSpecInventory());
    expect(prompter.rejected).toEqual([]);
    // cluster, domain, 3 networks, 5 addresses, same-numbers, external VIP, ssh user, auth, key, sizing
    expect(prompter.asked).toHaveLength(16);
  });

  it('writes the answers to the file', async () => {
    const prompter = new ScriptedPrompter({
      'Cluster name': ['analytics'],
      'Management network': ['192.168.10.0/24'],
      'Application network': ['192.168.20.0/24'],
      'Storage network': ['192.168.30.0/24'],
      'vm4 address on the application': ['192.168.20.31'],
      'External (DMZ) VIP': ['none'],
      'SSH user': ['ops'],
      'SSH private key file': ['~/.ssh/ops_key'],
      'Host sizes': ['minimum'],
    });
    const output = join(dir, 'inventory.yaml');
    const result = await runInit({ output, defaults: false, force: false }, { fs: nodeFileSystem, prompter });
    expect(result.validation.errors).toEqual([]);
    const written = parse(await readFile(output, 'utf8'));
    expect(written.cluster).toEqual({ name: 'analytics', domain: 'analytics.local' });
    expect(written.networks).toEqual({ management: '192.168.10.0/24', application: '192.168.20.0/24', storage: '192.168.30.0/24' });
    expect(written.hosts[3].addresses).toEqual({ management: '192.168.10.31', application: '192.168.20.31', storage: '192.168.30.31' });
    expect(written.hosts[0].addresses.application).toBe('192.168.20.11');
    expect(written.hosts[0].resources).toEqual({ vcpu: 16, memoryGiB: 64, diskGiB: 1024 });
    expect(written.vips).toEqual({ haproxy: '192.168.20.100', postgresql: '192.168.20.101', redis: '192.168.20.102' });
    expect(written.ssh).toEqual({ user: 'ops', privateKey: '~/.ssh/ops_key', become: { method: 'sudo' }, knownHosts: '~/.ssh/known_hosts' });
    expect(written.objectStorage.endpoint).toBe('http://192.168.30.250');
  });

  it('asks again after an invalid answer', async () => {
    const prompter = new ScriptedPrompter({
      'Cluster name': ['Bad_Name', 'good'],
      'Management network': ['10.10.0.0', '10.10.0.0/25', '10.10.0.7/24', '10.10.0.0/24'],
      'Application network': ['10.10.0.0/16', '10.20.0.0/24'],
      'vm2 address on the application': ['10.30.0.12', '10.20.0.11', '10.20.0.100', '10.20.0.55'],
    });
    const options = await runInitWizard(prompter);
    expect(options.clusterName).toBe('good');
    expect(options.networks?.management).toBe('10.10.0.0/24');
    expect(options.hostAddresses?.vm2).toEqual({ management: '10.10.0.55', application: '10.20.0.55', storage: '10.30.0.55' });
    expect(prompter.rejected.map((r) => r.problem)).toEqual([
      'use lower-case letters, digits and dashes (like datalyptica)',
      '"10.10.0.0" is not an IPv4 subnet in CIDR form (like 10.20.0.0/24)',
      '10.10.0.0/25 is too small: the layout numbers hosts up to .251, so use a /24 or larger',
      '"10.10.0.7/24" has host bits set; the subnet is 10.10.0.0/24',
      '10.10.0.0/16 overlaps the management network 10.10.0.0/24',
      '10.30.0.12 is not inside 10.20.0.0/24',
      "10.20.0.11 is already vm1's application address",
      '10.20.0.100 is already the HAProxy VIP',
    ]);
  });

  it('asks each management and storage address when the numbering differs', async () => {
    const prompter = new ScriptedPrompter({
      'Same host numbers': [false],
      'vm1 address on the management': ['10.10.0.201'],
      'vm3 address on the storage': ['10.30.0.250', '10.30.0.99'],
      'SSH authentication': ['agent'],
    });
    const options = await runInitWizard(prompter);
    expect(options.hostAddresses?.vm1).toEqual({ management: '10.10.0.201', application: '10.20.0.11', storage: '10.30.0.11' });
    expect(options.hostAddresses?.vm3?.storage).toBe('10.30.0.99');
    expect(prompter.rejected.map((r) => r.problem)).toEqual(['10.30.0.250 is already the object storage']);
    expect(options.ssh).toEqual({ user: 'datalyptica', agent: true, become: { method: 'sudo' }, knownHosts: '~/.ssh/known_hosts' });
    expect(new Set(prompter.asked.filter((m) => / address on the (management|storage) network/.test(m))).size).toBe(10);
  });
});
