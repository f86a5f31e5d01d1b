import { posix } from 'node:path';
import type { ResolvedRelease } from '../../../src/artifacts/resolve.js';
import { releasedFile } from '../../../src/engine/resources/release.js';

/** The Prometheus JMX exporter, as a Java agent in the broker's and the worker's JVM. */
export const JMX_EXPORTER = { component: 'jmx-exporter', version: '1.0.1' } as const;

/**
 * `-javaagent:<jar>=<address>:<port>:<config>`: the agent serves /metrics on the application
 * address only. `status` reads Kafka's quorum and partition counts there with one curl: an
 * HTTP GET costs milliseconds where a `java` admin tool per call costs seconds of JVM start.
 */
export function jmxAgentOption(exporter: ResolvedRelease, address: string, port: number, configDir: string): string {
  return `-javaagent:${releasedFile(exporter)}=${address}:${port}:${jmxConfigPath(configDir)}`;
}

export function jmxConfigPath(configDir: string): string {
  return posix.join(configDir, 'jmx-exporter.yaml');
}
