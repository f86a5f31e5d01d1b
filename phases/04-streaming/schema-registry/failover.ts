import { portOf, type Topology } from '../../../src/config/topology.js';
import { httpCall, type TlsMaterial } from '../../../src/failover/http.js';
import type { FailoverDecl } from '../../../src/failover/kit.js';
import { OpFailure } from '../../../src/failover/ops.js';
import type { OpClient } from '../../../src/failover/rate-driver.js';
import type { HostShell } from '../../../src/failover/shell.js';
import { HAPROXY_PORT_NAME, SCHEMA_REGISTRY, SCHEMA_REGISTRY_UNIT } from './config.js';
import { SCHEMA_REGISTRY_HEALTH } from './health.js';

/** The claim of the registry the Kafka group elected leader. */
export const REGISTRY_LEADER = 'schema-registry-leader';

/** A read through HAProxy unanswered after this failed: a healthy registry answers in milliseconds. */
const READ_TIMEOUT_MS = 1_000;
/** The status probe's curl alone may take 0.9 s: the SSH round trip comes on top. */
const CLAIM_TIMEOUT_MS = 1_500;

/**
 * GET /subjects through an address (the HAProxy VIP) over TLS verified against the cluster CA:
 * acknowledged on 200, failed otherwise. Reads change nothing, so there is nothing to lose.
 */
export class RegistryReadClient implements OpClient {
  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly tls: TlsMaterial,
  ) {}

  async attempt(): Promise<void> {
    let status: number;
    try {
      status = (await httpCall({ url: `${this.baseUrl}/subjects`, tls: this.tls, timeoutMs: READ_TIMEOUT_MS })).status;
    } catch (error) {
      throw new OpFailure((error as Error).message, 'failed');
    }
    if (status !== 200) throw new OpFailure(`HTTP ${status}`, 'failed');
  }

  async close(): Promise<void> {
    // One connection per read: nothing stays open.
  }
}

/**
 * Whether a node holds the leader role, by the probe `status` runs there (its REST API, then its
 * elector's last result). A node that is down holds nothing; one that did not answer in time
 * cannot tell.
 */
export function registryLeaderClaims(shell: HostShell, topology: Topology, timeoutMs: number): (host: string) => Promise<string[]> {
  const check = SCHEMA_REGISTRY_HEALTH.check!;
  return async (host) => {
    const target = { inventory: topology.inventory, host: topology.host(host), placed: topology.on(SCHEMA_REGISTRY, host) };
    const output = await shell.exec(host, check.command(target), { timeoutMs, sudo: true });
    const report = check.parse({ code: output.code, stdout: output.stdout }, target);
    if (report.health === 'unknown') throw new Error(`${host}: ${report.problems.join('; ')}`);
    return report.role === 'leader' ? [REGISTRY_LEADER] : [];
  };
}

/**
 * The registry under faults: reads through HAProxy's registry port on the HAProxy VIP; the role
 * is the elected leader. Timing: config.ts (REGISTRY_TIMING) and HAProxy's FAILOVER_CHECK_TIMING.
 */
export const schemaRegistryFailover: FailoverDecl = {
  service: SCHEMA_REGISTRY,
  scenarios: [
    // The spec's row: the registry answers through HAProxy within 5 s of its leader being killed.
    { fault: 'kill', unit: SCHEMA_REGISTRY_UNIT, targetMs: 5_000, specTargetMs: 5_000 },
    // A clean stop leaves the group: the other node leads within a rebalance.
    { fault: 'stop', unit: SCHEMA_REGISTRY_UNIT, targetMs: 5_000, specTargetMs: 5_000 },
  ],
  async kit({ topology, shell, ca }) {
    const haproxy = topology.members('haproxy')[0];
    const vip = topology.inventory.vips.haproxy;
    return {
      service: SCHEMA_REGISTRY,
      claim: REGISTRY_LEADER,
      holderName: 'the Schema Registry leader',
      changeName: 'new leader',
      hosts: topology.members(SCHEMA_REGISTRY).map((member) => member.host),
      probe: registryLeaderClaims(shell, topology, CLAIM_TIMEOUT_MS),
      clients: () =>
        haproxy ? [new RegistryReadClient(`GET /subjects via HAProxy VIP ${vip}:${portOf(haproxy, HAPROXY_PORT_NAME)}`, `https://${vip}:${portOf(haproxy, HAPROXY_PORT_NAME)}`, { ca })] : [],
    };
  },
};
