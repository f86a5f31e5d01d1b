import { X509Certificate, createPrivateKey } from 'node:crypto';
import { normaliseSans, type CertUsage } from './request.js';

const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;

/** The parts of an issued certificate that decide whether it can be kept. */
export interface CertFacts {
  subjectAltNames: string[];
  usage: CertUsage | 'other';
  notAfter: Date;
}

export function certFacts(certPem: string): CertFacts {
  const cert = new X509Certificate(certPem);
  return { subjectAltNames: parseSans(cert.subjectAltName), usage: usageOf(cert.keyUsage ?? []), notAfter: new Date(cert.validTo) };
}

/** Node prints SANs as `DNS:a, IP Address:1.2.3.4`. */
function parseSans(text: string | undefined): string[] {
  if (!text) return [];
  const names = text.split(', ').map((entry) => entry.replace(/^DNS:/, '').replace(/^IP Address:/, ''));
  return normaliseSans(names);
}

function usageOf(oids: string[]): CertUsage | 'other' {
  const server = oids.includes(EKU.serverAuth);
  const client = oids.includes(EKU.clientAuth);
  if (server && client) return 'server';
  if (client && !server) return 'client';
  return 'other';
}

/** Whether `certPem` was signed by this CA and matches `keyPem`: a leaf from an older CA or a stray key fails. */
export function belongsTo(certPem: string, keyPem: string, caPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey) && cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}
