import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What a certificate is for: its extended key usage. */
export type CertUsage =
  /** TLS servers that are also clients of their peers (etcd peers, PostgreSQL replicas, Patroni). */
  | 'server'
  /** Clients only (Patroni and vip-manager towards etcd). */
  | 'client';

export interface CertRequest {
  /** File stem under the PKI directory: `hosts/vm1`, `clients/patroni`. */
  id: string;
  commonName: string;
  usage: CertUsage;
  /** DNS names and IP addresses; empty for client certificates. */
  subjectAltNames: string[];
}

/** SANs in a stable form (IPv6 compressed, DNS lower-cased, duplicates dropped, sorted) so that equal sets compare equal. */
export function normaliseSans(sans: readonly string[]): string[] {
  return [...new Set(sans.map((san) => (isIP(san) ? ipaddr.parse(san).toString() : san.toLowerCase())))].sort();
}

/** `DNS:a,IP:1.2.3.4` as openssl's subjectAltName extension wants it. */
export function sanExtension(sans: readonly string[]): string {
  return normaliseSans(sans)
    .map((san) => (isIP(san) ? `IP:${san}` : `DNS:${san}`))
    .join(',');
}
