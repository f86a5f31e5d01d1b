import { posix } from 'node:path';
import type { ResolvedRelease } from '../../../src/artifacts/resolve.js';
import { portOf, type Topology } from '../../../src/config/topology.js';
import type { PhaseContext } from '../../../src/engine/phase.js';
import type { Resource } from '../../../src/engine/resource.js';
import { file, type ProgramLayout } from '../../../src/engine/resources/index.js';
import { readFile } from 'node:fs/promises';
import { hostCertificate } from '../../shared/tls.js';
import { jmxAgentOption, jmxConfigPath } from './jmx.js';
import type { PemMaterial } from './properties.js';

/** Kafka's own JVM defaults (kafka-run-class.sh): G1 with short pauses, no AWT. */
const KAFKA_JVM_OPTS = '-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true';

/** The host certificate (it is issued for server and client use) and the CA, as PEM for inline properties. */
export async function hostPem(ctx: PhaseContext, host: string): Promise<PemMaterial> {
  const issued = await ctx.cluster.pki.ensureCert(hostCertificate(ctx.topology, host));
  const ca = await ctx.cluster.pki.ensureCa();
  return { certificate: issued.certPem, key: await readFile(issued.keyPath, 'utf8'), ca: ca.certPem };
}

/**
 * What a Kafka JVM (a broker, a Connect worker) is started with, beyond programService's heap:
 * Kafka's GC defaults, the JMX exporter agent on the application address and the log4j file.
 * The class path is the release's libs/: no bin/*.sh scripts are needed.
 */
export function kafkaJvm(layout: ProgramLayout, topology: Topology, exporter: ResolvedRelease, mainClass: string, configFile: string) {
  const address = topology.appAddress(layout.placed.host);
  const metricsPort = portOf(layout.placed, 'metrics');
  const java = layout.runtime.kind === 'java' ? layout.runtime.binary : '';
  return {
    execStart: `${java} $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS $KAFKA_OPTS -cp '${layout.installDir}/libs/*' ${mainClass} ${posix.join(layout.configDir, configFile)}`,
    heapVariable: 'KAFKA_HEAP_OPTS',
    environment: {
      KAFKA_JVM_OPTS,
      KAFKA_OPTS: `${jmxAgentOption(exporter, address, metricsPort, layout.configDir)} -Dlog4j.configuration=file:${posix.join(layout.configDir, 'log4j.properties')}`,
    },
  };
}

/** The log4j and JMX exporter files of a Kafka JVM, readable by its group only. */
export function kafkaJvmFiles(ctx: PhaseContext, layout: ProgramLayout, jmx: { objectNames: readonly string[]; rules: ReadonlyArray<{ pattern: string; name: string }> }, logName: string): Resource[] {
  const owned = { owner: 'root', group: layout.group, mode: '0640' };
  return [
    file({ path: posix.join(layout.configDir, 'log4j.properties'), content: ctx.template('kafka/log4j.properties.hbs', { version: layout.placed.version, logDir: layout.logDir, logName }), ...owned }),
    file({ path: jmxConfigPath(layout.configDir), content: ctx.template('kafka/jmx-exporter.yaml.hbs', { unit: layout.unit, objectNames: jmx.objectNames, rules: jmx.rules }), ...owned }),
  ];
}
