import type { Inventory } from '../../src/inventory/model.js';

/**
 * The five-VM lab as phases 2-3 see it: small hosts, Debian 12's versions (PostgreSQL 15,
 * etcd 3.4, vip-manager 1.0.2), addresses from 198.18.0.0/15. `appBase` lets the etcd test
 * put the application network on loopback (127.0.0.0/8) where it really starts members.
 */
export function labInventory(options: { appBase?: string; appNetwork?: string; versions?: Record<string, string>; etcdPorts?: { client: number; peer: number } } = {}): Inventory {
  const app = options.appBase ?? '198.18.1.';
  const host = (name: string, octet: number, role: 'control' | 'data') => ({
    name,
    role,
    addresses: { management: `198.18.0.${octet}`, application: `${app}${octet}`, storage: `198.18.2.${octet}` },
    resources: { vcpu: 2, memoryGiB: role === 'control' ? 4 : 8, diskGiB: 20 },
  });
  return {
    apiVersion: 'datalyptica/v1',
    cluster: { name: 'lab', domain: 'lab.datalyptica.test' },
    ssh: { user: 'datalyptica' },
    networks: { management: '198.18.0.0/24', application: options.appNetwork ?? `${app}0/24`, storage: '198.18.2.0/24' },
    vips: { haproxy: `${app}100`, postgresql: `${app}101`, redis: `${app}102` },
    hosts: [host('vm1', 11, 'control'), host('vm2', 12, 'control'), host('vm3', 13, 'control'), host('vm4', 21, 'data'), host('vm5', 22, 'data')],
    versions: options.versions ?? { postgresql: '15', etcd: '3.4.23', 'vip-manager': '1.0.2', patroni: '3.0.2' },
    ...(options.etcdPorts ? { services: { etcd: { ports: options.etcdPorts } } } : {}),
  };
}

export const LAB_FACTS = { applicationInterface: 'eth1' };

export const LAB_SECRETS = {
  patroni: { superuser: 'SuperSecretSuperuser0123456789ab', replication: 'SuperSecretReplication0123456789', rewind: 'SuperSecretRewind0123456789abcde', restApi: 'SuperSecretRestApi0123456789abcd' },
  haproxy: { statsPassword: 'SuperSecretStats0123456789abcdef' },
};
