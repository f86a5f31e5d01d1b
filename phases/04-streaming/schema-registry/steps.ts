import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { PhaseContext, Step } from '../../../src/engine/phase.js';
import type { Resource } from '../../../src/engine/resource.js';
import { directory, file, programLayout, programService, type ProgramLayout, type ProgramServiceSpec } from '../../../src/engine/resources/index.js';
import { release } from '../../../src/engine/resources/release.js';
import type { HostSpec } from '../../../src/inventory/model.js';
import { clientCertRequest, type CertRequest } from '../../../src/pki/index.js';
import { rollingByProbe } from '../../shared/gate.js';
import { caCertificate, hostCertificate } from '../../shared/tls.js';
import { CLASSPATH_DIRS, MAIN_CLASS, registryPaths, SCHEMA_REGISTRY, schemaRegistryContext, type RegistryPaths } from './config.js';
import { SCHEMA_REGISTRY_HEALTH } from './health.js';

/** The client certificate the registry presents to the brokers (its CN is its Kafka principal). */
const KAFKA_CLIENT_CERT = clientCertRequest(SCHEMA_REGISTRY);

const runsRegistry = (host: HostSpec, ctx: PhaseContext) => ctx.topology.runs(SCHEMA_REGISTRY, host.name);

/** Where the registry lives on a host: the programService layout of the catalog's placement there. */
export async function registryLayout(ctx: PhaseContext, host: string): Promise<ProgramLayout> {
  const facts = await ctx.facts(host);
  return programLayout(ctx.topology.on(SCHEMA_REGISTRY, host), { platform: { osFamily: facts.osFamily } });
}

/**
 * The JVM started directly, no bin/*.sh: the community archive's jar directories on the class
 * path (quoted: systemd must pass the `*` to java, which expands it), the heap from the
 * placement, log4j from our file.
 */
function registrySpec(layout: ProgramLayout, paths: RegistryPaths, config: Resource[]): ProgramServiceSpec {
  const classpath = CLASSPATH_DIRS.map((dir) => posix.join(layout.installDir, dir, '*')).join(':');
  return {
    layout,
    execStart: `${layout.runtime.binary} $SCHEMA_REGISTRY_HEAP_OPTS $SCHEMA_REGISTRY_JVM_OPTS -cp '${classpath}' ${MAIN_CLASS} ${paths.properties}`,
    heapVariable: 'SCHEMA_REGISTRY_HEAP_OPTS',
    environment: {
      // The run-class script's defaults: short G1 pauses for a latency-bound REST service.
      SCHEMA_REGISTRY_JVM_OPTS: `-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true -Dlog4j.configuration=file:${paths.log4j}`,
    },
    config,
  };
}

/** A certificate's key and certificate in one PEM file, as a PEM keystore wants them: 0600, never shown in a diff. */
async function pemKeystore(ctx: PhaseContext, request: CertRequest, path: string, owner: string): Promise<Resource> {
  const issued = await ctx.cluster.pki.ensureCert(request);
  const key = await readFile(issued.keyPath, 'utf8');
  return file({ path, content: `${key.trimEnd()}\n${issued.certPem.trimEnd()}\n`, owner, group: owner, mode: '0600', secret: true });
}

/** Its configuration files: TLS material, the properties and log4j's. programService restarts the registry when any changes. */
async function registryConfig(ctx: PhaseContext, host: string, layout: ProgramLayout, paths: RegistryPaths): Promise<Resource[]> {
  const owner = layout.user;
  return [
    directory({ path: paths.tlsDir, owner, group: owner, mode: '0700' }),
    await caCertificate(ctx, { dir: paths.tlsDir, owner }),
    await pemKeystore(ctx, hostCertificate(ctx.topology, host), paths.serverPem, owner),
    await pemKeystore(ctx, KAFKA_CLIENT_CERT, paths.kafkaClientPem, owner),
    file({ path: paths.properties, content: ctx.template('schema-registry/schema-registry.properties.hbs', schemaRegistryContext(ctx.topology, host, paths)), owner: 'root', group: owner, mode: '0640' }),
    file({ path: paths.log4j, content: ctx.template('schema-registry/log4j.properties.hbs', { electionLog: paths.electionLog }), owner: 'root', group: owner, mode: '0640' }),
  ];
}

/**
 * A registry node: the release from the bundle (pushed once, unpacked beside other versions),
 * then the program service. A change restarts one node at a time, the next only once the
 * restarted one serves again and knows the leader: the registry keeps answering throughout.
 */
export const registryNode: Step = {
  name: 'Schema Registry node',
  hosts: runsRegistry,
  rollout: rollingByProbe(SCHEMA_REGISTRY, SCHEMA_REGISTRY_HEALTH, 120_000),
  resources: async (host, ctx) => {
    const placed = ctx.topology.on(SCHEMA_REGISTRY, host.name);
    const layout = await registryLayout(ctx, host.name);
    const paths = registryPaths(layout);
    return [
      ...release(ctx.release(placed.service.component, placed.version)),
      ...programService(ctx, registrySpec(layout, paths, await registryConfig(ctx, host.name, layout, paths))),
    ];
  },
};
