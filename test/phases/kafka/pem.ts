import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PemMaterial } from '../../../phases/04-streaming/kafka/properties.js';

let made: PemMaterial | undefined;

/** A real self-signed certificate and PKCS#8 key (openssl), so Kafka's parser can load them. */
export function testPem(): PemMaterial {
  if (made) return made;
  const dir = mkdtempSync(join(tmpdir(), 'kafka-pem-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=test', '-days', '2'], { stdio: 'ignore' });
  const certificate = readFileSync(cert, 'utf8');
  made = { certificate, key: readFileSync(key, 'utf8'), ca: certificate };
  return made;
}
