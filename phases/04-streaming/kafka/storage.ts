import { posix } from 'node:path';
import { DatalypticaError } from '../../../src/core/errors.js';
import type { Resource } from '../../../src/engine/resource.js';
import type { ProgramLayout } from '../../../src/engine/resources/index.js';
import { lines } from '../../../src/engine/resources/observed.js';
import { call, quote } from '../../../src/engine/shell.js';

/** Kafka 3.9's storage tool is still the Scala one in kafka_2.13 (kafka-storage.sh runs it). */
export const STORAGE_TOOL = 'kafka.tools.StorageTool';

/** What Kafka writes into every log directory it formats, with the cluster id in it. */
export function metaPropertiesPath(layout: ProgramLayout): string {
  return posix.join(layout.dataDir, 'meta.properties');
}

/** The storage tool's command line, run as the service user so the files it makes are the broker's. */
export function formatCommand(layout: ProgramLayout, clusterId: string, configPath: string): string {
  const java = layout.runtime.kind === 'java' ? layout.runtime.binary : 'java';
  return [
    `runuser -u ${layout.user} --`,
    java,
    '-Xmx256m',
    `-Dlog4j.configuration=file:${posix.join(layout.configDir, 'log4j.properties')}`,
    `-cp ${quote(`${layout.installDir}/libs/*`)}`,
    `${STORAGE_TOOL} format`,
    `--cluster-id ${quote(clusterId)}`,
    `--config ${quote(configPath)}`,
  ].join(' ');
}

/**
 * The node's storage formatted with the cluster's id, once: a formatted directory is never
 * formatted again (that would erase the node's metadata log). A directory formatted for
 * another cluster (a host reused, the state directory lost) stops the install with the two
 * ids, before the broker is started on it.
 */
export function formattedStorage(layout: ProgramLayout, clusterId: string, configPath: string): Resource {
  const meta = metaPropertiesPath(layout);
  const probe = [call('dl_sh', `if [ -f ${quote(meta)} ]; then sed -n 's/^cluster\\.id=//p' ${quote(meta)} | head -n1; else echo absent; fi`)];
  const found = (observed: string) => lines(observed)[0]?.trim() ?? '';
  return {
    kind: 'kafka-storage',
    name: `format ${layout.dataDir} for Kafka cluster ${clusterId}`,
    probe,
    timeoutMs: 120_000,
    check(observed) {
      const id = found(observed);
      if (id === clusterId) return { status: 'ok' };
      if (id === 'absent') return { status: 'change', detail: `format ${layout.dataDir} (cluster id ${clusterId})` };
      return { status: 'change', detail: `${meta} carries cluster id "${id}", not this cluster's ${clusterId}: the install stops here` };
    },
    async apply(ctx, observed) {
      const id = found(observed);
      if (id !== 'absent') {
        throw new DatalypticaError('E_KAFKA_CLUSTER_ID', `${ctx.host}: ${meta} carries Kafka cluster id "${id || 'none'}", not this cluster's ${clusterId}: ${layout.unit} is not started on another cluster's storage`, {
          hint: `if this host's Kafka data is disposable, stop ${layout.unit}, move ${layout.dataDir} aside and run the install again; if the control machine lost its state, restore cluster-ids.json from its backup`,
        });
      }
      await ctx.run([call('dl_sh', formatCommand(layout, clusterId, configPath))], `format ${layout.dataDir}`);
    },
  };
}
