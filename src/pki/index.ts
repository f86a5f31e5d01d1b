export { ClusterPki, type CaFiles, type IssuedCert, type PkiDeps } from './cluster-pki.js';
export { execaOpenssl, type OpensslRunner } from './openssl.js';
export { clientCertRequest, hostCertRequest } from './plan.js';
export type { CertRequest, CertUsage } from './request.js';
