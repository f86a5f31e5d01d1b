import { Topology } from '../config/topology.js';
import type { Inventory } from '../inventory/model.js';
import type { CertRequest } from './request.js';

/** Services of phases 2-3 that present a host certificate (etcd, PostgreSQL, Patroni REST). */
const TLS_SERVICES = ['etcd', 'postgresql', 'patroni'];

/**
 * The host certificate: every name a client may dial the host by. Host name, FQDN, all its
 * addresses and loopback; the PostgreSQL VIP (and postgres.<domain>) on PostgreSQL hosts and the
 * HAProxy VIP (and lb.<domain>) on HAProxy hosts, because clients reaching PostgreSQL through
 * either VIP verify the certificate of whichever member answers.
 */
export function hostCertRequest(inventory: Inventory, hostName: string): CertRequest {
  const topology = new Topology(inventory);
  const host = topology.host(hostName);
  const domain = inventory.cluster.domain;
  const sans = [hostName, topology.fqdn(hostName), ...Object.values(host.addresses), '127.0.0.1', 'localhost'];
  if (topology.runs('postgresql', hostName)) sans.push(inventory.vips.postgresql, `postgres.${domain}`);
  if (topology.runs('haproxy', hostName)) sans.push(inventory.vips.haproxy, `lb.${domain}`);
  return { id: `hosts/${hostName}`, commonName: hostName, usage: 'server', subjectAltNames: sans };
}

/** Client certificates towards etcd: one per program, so etcd's logs say who connected. */
export function clientCertRequest(name: 'patroni' | 'vip-manager'): CertRequest {
  return { id: `clients/${name}`, commonName: name, usage: 'client', subjectAltNames: [] };
}

/** The hosts that need a host certificate in phases 2-3. */
export function tlsHosts(inventory: Inventory): string[] {
  const topology = new Topology(inventory);
  return inventory.hosts.map((host) => host.name).filter((name) => TLS_SERVICES.some((service) => topology.runs(service, name)));
}
