import type { Topology } from '../config/topology.js';
import type { CertRequest } from './request.js';

/**
 * The host certificate: every name a client may dial the host by. Host name, FQDN, all its
 * addresses and loopback, plus what the services on the host add (a VIP that clients reach
 * them through, and its DNS name): the caller collects those from the service modules.
 */
export function hostCertRequest(topology: Topology, hostName: string, serviceSans: readonly string[]): CertRequest {
  const host = topology.host(hostName);
  const sans = [hostName, topology.fqdn(hostName), ...Object.values(host.addresses), '127.0.0.1', 'localhost', ...serviceSans];
  return { id: `hosts/${hostName}`, commonName: hostName, usage: 'server', subjectAltNames: sans };
}

/** A client certificate: one per program, so the servers' logs say who connected. */
export function clientCertRequest(name: string): CertRequest {
  return { id: `clients/${name}`, commonName: name, usage: 'client', subjectAltNames: [] };
}
