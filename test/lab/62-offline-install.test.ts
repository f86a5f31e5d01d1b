import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { readState } from '../../src/engine/state.js';
import type { Inventory } from '../../src/inventory/model.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import { sshArgs } from '../../src/lab/hosts.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Hosts need no internet: with every lab host cut off from everything but the other lab hosts
 * and the control machine's SSH (the package proxy blocked too), an install that has to push a
 * release again (vm5's Kafka release removed) succeeds from the bundle and every gate passes.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const BUNDLE = '/var/cache/datalyptica/lab-bundle/bundle.json';
const TABLE = 'datalyptica_offline_test';
const RELEASE = '/opt/datalyptica/kafka-3.9.0';

const blocker =
  needRoot() ??
  (existsSync(BUNDLE) ? undefined : `no lab bundle at ${BUNDLE} (did 05-bundle fail?)`) ??
  (readState(stateDirFor(paths.inventory)).phases['4'] !== undefined ? undefined : 'phase 4 is not installed on the lab (did 60-kafka fail?)');

function onHost(address: string, script: string) {
  return execa('ssh', [...sshArgs(paths), '-o', 'BatchMode=yes', `root@${address}`, script], { reject: false, stdin: 'ignore', timeout: 60_000 });
}

/** Outbound traffic is dropped unless it answers a connection (SSH from the control machine) or goes to a lab network; the apt proxy's port is dropped even there. */
function cutOff(inventory: Inventory): string {
  const lab = Object.values(inventory.networks).join(', ');
  return [
    `nft delete table inet ${TABLE} 2>/dev/null`,
    `nft -f - <<'EOF'
table inet ${TABLE} {
  chain out {
    type filter hook output priority 0; policy accept;
    oif "lo" accept
    ct state established,related accept
    tcp dport 3142 drop
    ip daddr != { ${lab} } drop
  }
}
EOF`,
  ].join('\n');
}

describeLab('install with the lab hosts cut off from everything but the control machine', blocker, () => {
  let inventory: Inventory;
  const addresses = () => inventory.hosts.map((host) => host.addresses.management);

  afterAll(async () => {
    if (!inventory) return;
    await Promise.all(addresses().map((address) => onHost(address, `nft delete table inet ${TABLE} 2>/dev/null; true`)));
  });

  it('blocks the package proxy and outside traffic on every host', async () => {
    inventory = (await loadValidInventory(paths.inventory)).inventory;
    const proxy = new URL(inventory.artifacts!.packageProxy!);
    for (const address of addresses()) {
      const cut = await onHost(address, cutOff(inventory));
      expect(cut.exitCode, `${address}: ${cut.stderr}`).toBe(0);
      // Proof, not assumption: the proxy and an outside address no longer answer from the host.
      const reach = await onHost(address, `timeout 3 bash -c '</dev/tcp/${proxy.hostname}/${proxy.port}' && echo proxy-open; timeout 3 bash -c '</dev/tcp/198.19.255.1/80' && echo outside-open; echo checked`);
      expect(String(reach.stdout).trim(), address).toBe('checked');
    }
  });

  it('pushes a removed release again from the bundle and every gate passes', async () => {
    const vm5 = inventory.hosts.find((host) => host.name === 'vm5')!.addresses.management;
    const removed = await onHost(vm5, `systemctl stop kafka-connect.service && rm -rf ${RELEASE} && echo removed`);
    expect(String(removed.stdout).trim(), String(removed.stderr)).toBe('removed');

    const started = Date.now();
    const run = await execa('node', [BIN, 'install', '-i', paths.inventory, '--phase', '1-4', '--yes', '--json'], { reject: false, stdin: 'ignore' });
    const events = String(run.stdout).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { type: string; task?: string; host?: string; status?: string });
    expect(run.exitCode, String(run.stderr).slice(-2000)).toBe(0);
    const changed = events.filter((event) => event.type === 'task' && event.status === 'changed').map((event) => `${event.host} ${event.task}`);
    expect(changed.some((task) => task.startsWith('vm5 artifact kafka_2.13-3.9.0.tgz'))).toBe(true);
    expect(changed.filter((task) => !task.startsWith('vm5 '))).toEqual([]);
    const back = await onHost(vm5, `cat ${RELEASE}/.datalyptica-artifact && systemctl is-active kafka-connect.service`);
    expect(String(back.stdout)).toMatch(/^[0-9a-f]{64}\nactive$/);
    console.log(`figures: offline install --phase 1-4 (vm5's Kafka release pushed again) ${((Date.now() - started) / 1000).toFixed(1)} s wall; changed: ${changed.join(', ')}`);
  });
});
