import { posix } from 'node:path';
import type { Step } from '../../../src/engine/phase.js';
import { command, file, programLayout, programService } from '../../../src/engine/resources/index.js';
import { release } from '../../../src/engine/resources/release.js';
import { quote } from '../../../src/engine/shell.js';
import { JMX_EXPORTER } from '../kafka/jmx.js';
import { hostPem, kafkaJvm, kafkaJvmFiles } from '../kafka/jvm.js';
import { CONNECT_JMX, CONNECT_MAIN, connectContext, connectFilePlugin } from './config.js';

const CONFIG_FILE = 'connect-distributed.properties';

/**
 * The Connect worker (distributed mode): the Kafka release (Connect is part of it) and the JMX
 * exporter from the bundle, the plugin directory with connect-file linked from the release,
 * its properties, log4j and exporter files, and the unit.
 */
export const connectWorker: Step = {
  name: 'Kafka Connect worker',
  hosts: (host, ctx) => ctx.topology.runs('kafka-connect', host.name),
  resources: async (host, ctx) => {
    const placed = ctx.topology.on('kafka-connect', host.name);
    const layout = programLayout(placed, { platform: { osFamily: (await ctx.facts(host.name)).osFamily } });
    const kafka = ctx.release('kafka', placed.version);
    const exporter = ctx.release(JMX_EXPORTER.component, JMX_EXPORTER.version);
    const plugin = connectFilePlugin(layout);
    const properties = file({
      path: posix.join(layout.configDir, CONFIG_FILE),
      content: ctx.template('kafka-connect/connect-distributed.properties.hbs', connectContext(ctx.topology, placed, await hostPem(ctx, host.name))),
      owner: 'root',
      group: layout.group,
      mode: '0640',
      // It holds the worker's private key.
      secret: true,
    });
    return [
      ...release(kafka),
      ...release(exporter),
      command({
        name: `plugin ${posix.dirname(plugin.link)} -> ${plugin.jar}`,
        run: `mkdir -p ${quote(posix.dirname(plugin.link))} && ln -sfn ${quote(plugin.jar)} ${quote(plugin.link)}`,
        unless: `[ "$(readlink ${quote(plugin.link)})" = ${quote(plugin.jar)} ] && [ -f ${quote(plugin.jar)} ]`,
        notifies: layout.unit,
      }),
      ...programService(ctx, {
        layout,
        ...kafkaJvm(layout, ctx.topology, exporter, CONNECT_MAIN, CONFIG_FILE),
        config: [properties, ...kafkaJvmFiles(ctx, layout, CONNECT_JMX, 'connect')],
      }),
    ];
  },
};
