import { describe, expect, it } from 'vitest';
import { CliIo } from '../../src/cli/io.js';
import { statusText } from '../../src/cli/render/status.js';
import { healthOf } from '../../phases/registry.js';
import { collectStatus } from '../../src/status/index.js';
import { labInventory } from '../config/lab-inventory.js';
import { cluster, HEALTHY } from './cluster-states.js';
import { FakeStatusPool } from './fake-cluster.js';

/** No host here waits for the deadline (vm5's silence is told by the 50 ms of reach looks): the margin only keeps a loaded machine from making it unknown. */
const DEADLINE_MS = 2_000;

const plainIo = (verbose = false) => new CliIo({ verbose }, { isTTY: false } as typeof process.stdout, process.stderr);

describe('status text', () => {
  it('prints a row per installed service, one line per group and VIP, and the verdict', async () => {
    const status = await collectStatus(labInventory(), new FakeStatusPool(cluster({ ...HEALTHY, etcdDown: ['vm3'] }, { vm5: 'off' })), { health: healthOf, deadlineMs: DEADLINE_MS });
    const lines = statusText(plainIo(), status).split('\n');
    expect(lines[0]).toBe('HOST  SERVICE      SYSTEMD   PORTS           HEALTH  DETAIL');
    expect(lines).toContain('vm1   etcd         active    2379 2380       ok      follower · term 3 · version 3.4.23');
    expect(lines).toContain('vm3   etcd         inactive  2379! 2380!     down    etcd.service is inactive');
    expect(lines).toContain('vm4   no service installed');
    expect(lines).toContain('vm5   unreachable: vm5 (fake-vm5:22): no answer to 2 TCP connections (given 0.03 s, then 0.02 s)');
    expect(lines).toContain('etcd            2/3 degraded · leader vm2 · down vm3');
    expect(lines).toContain('postgresql      3/3 healthy · leader vm1 · sync vm2 · replica vm3 · lag 0 B');
    expect(lines).toContain('vip postgresql  198.18.1.101 on vm1');
    expect(lines.at(-1)).toMatch(/^cluster lab: degraded \(5 hosts in \d+\.\d\d s\)$/);
  });

  it('lists the services not installed yet per host only with -v', async () => {
    const status = await collectStatus(labInventory(), new FakeStatusPool(cluster(HEALTHY)), { health: healthOf, deadlineMs: DEADLINE_MS });
    expect(statusText(plainIo(), status)).toMatch(/^\d+ placed services not installed yet \(-v lists them\)$/m);
    expect(statusText(plainIo(true), status)).toContain('vm5: not installed: kafka-connect, spark-worker');
  });
});
