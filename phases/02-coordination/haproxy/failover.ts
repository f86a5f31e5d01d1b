import { portOf } from '../../../src/config/topology.js';
import { HttpProbeClient, vipClaimProbe } from '../../../src/failover/clients/probes.js';
import { PROBE_TIMEOUT_MS, type FailoverDecl } from '../../../src/failover/kit.js';
import { KEEPALIVED_UNIT } from '../keepalived/step.js';
import { HAPROXY_STATS_USER } from './config.js';
import { HAPROXY_SECRETS, HAPROXY_UNIT } from './steps.js';

/**
 * HAProxy behind the keepalived VIP under faults: GETs of the stats page through the VIP; the
 * role is holding the VIP (timing: keepalived/config.ts).
 */
export const haproxyFailover: FailoverDecl = {
  service: 'haproxy',
  scenarios: [
    // keepalived stopping sends priority 0: the backup takes over after its skew time.
    { fault: 'stop', unit: KEEPALIVED_UNIT, targetMs: 1_000, specTargetMs: 2_000 },
    // HAProxy dying: keepalived's check fails (fall 2 x 1 s), the holder goes to FAULT and releases the VIP.
    { fault: 'kill', unit: HAPROXY_UNIT, targetMs: 2_000, specTargetMs: 2_000 },
    // keepalived dying leaves the VIP on its interface: systemd restarts it within 0.1 s and the
    // drop-in removes the VIP first, before a backup takes over (0.9 s + skew): never two holders.
    { fault: 'kill', unit: KEEPALIVED_UNIT, targetMs: 2_000, specTargetMs: 2_000 },
    // The holder vanishing: the backup takes over after the master-down interval (3 x 0.3 s + skew).
    { fault: 'host-down', unit: KEEPALIVED_UNIT, targetMs: 2_000, specTargetMs: 2_000 },
  ],
  async kit({ topology, shell, secret }) {
    const stats = portOf(topology.members('haproxy')[0]!, 'stats');
    const vip = topology.inventory.vips.haproxy;
    const password = await secret(HAPROXY_SECRETS.statsPassword);
    return {
      service: 'haproxy',
      claim: vip,
      holderName: `the holder of the HAProxy VIP ${vip}`,
      changeName: `VIP ${vip} moved`,
      hosts: topology.members('keepalived').map((member) => member.host),
      probe: vipClaimProbe(shell, [vip], PROBE_TIMEOUT_MS),
      clients: () => [new HttpProbeClient(`GET the stats page via HAProxy VIP ${vip}:${stats}`, `http://${vip}:${stats}/`, { user: HAPROXY_STATS_USER, password }, 1_000)],
    };
  },
};
