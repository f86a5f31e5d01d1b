import { posix } from 'node:path';
import type { PhaseContext, Step } from '../../../src/engine/phase.js';
import type { Resource } from '../../../src/engine/resource.js';
import { command, directory, file, programLayout, programService, type ProgramLayout } from '../../../src/engine/resources/index.js';
import { release } from '../../../src/engine/resources/release.js';
import { quote } from '../../../src/engine/shell.js';
import { declaredSecrets } from '../../../src/secrets/index.js';
import { caCertificate } from '../../shared/tls.js';
import { JMX_EXPORTER } from '../kafka/jmx.js';
import { hostPem, kafkaJvm, kafkaJvmFiles } from '../kafka/jvm.js';
import type { PemMaterial } from '../kafka/properties.js';
import { CONNECT_JMX, CONNECT_MAIN, CONNECT_SECRETS, connectContext, connectFilePlugin, connectTlsPaths, type ConnectTlsPaths } from './config.js';

const CONFIG_FILE = 'connect-distributed.properties';

/**
 * A store written beside its final path, given the service's group and 0640, then moved in
 * place: Connect never reads a half-built one. Rebuilt only when it is older than a source.
 */
function builtStore(name: string, store: string, sources: string[], build: (out: string) => string, group: string): Resource {
  const next = `${store}.new`;
  return command({
    name,
    run: `umask 077 && rm -f ${quote(next)} && ${build(quote(next))} && chgrp ${quote(group)} ${quote(next)} && chmod 0640 ${quote(next)} && mv -f ${quote(next)} ${quote(store)}`,
    unless: sources.map((source) => `[ ${quote(store)} -nt ${quote(source)} ]`).join(' && '),
  });
}

/**
 * The REST listener's TLS: the cluster CA, the host certificate as PEM and the stores' password
 * (root only), then the PKCS12 key store (openssl) and trust store (keytool: only its stores mark
 * the CA as a trusted entry for Java) the worker's group reads.
 */
export async function restListenerTls(ctx: PhaseContext, layout: ProgramLayout, paths: ConnectTlsPaths, pem: PemMaterial, password: string): Promise<Resource[]> {
  const keytool = layout.runtime.kind === 'java' ? posix.join(layout.runtime.home, 'bin/keytool') : 'keytool';
  const rootOnly = { owner: 'root', group: 'root', mode: '0600', secret: true } as const;
  return [
    directory({ path: paths.dir, owner: 'root', group: layout.group, mode: '0750' }),
    await caCertificate(ctx, { dir: paths.dir, owner: 'root' }),
    file({ path: paths.pem, content: `${pem.key.trimEnd()}\n${pem.certificate.trimEnd()}\n`, ...rootOnly }),
    file({ path: paths.password, content: password, ...rootOnly }),
    builtStore(
      `PKCS12 key store ${paths.keystore}`,
      paths.keystore,
      [paths.pem, paths.password],
      (out) => `openssl pkcs12 -export -name connect-rest -in ${quote(paths.pem)} -inkey ${quote(paths.pem)} -passout file:${quote(paths.password)} -out ${out}`,
      layout.group,
    ),
    builtStore(
      `PKCS12 trust store ${paths.truststore}`,
      paths.truststore,
      [paths.ca, paths.password],
      (out) => `${quote(keytool)} -importcert -noprompt -alias cluster-ca -file ${quote(paths.ca)} -storetype PKCS12 -keystore ${out} -storepass:file ${quote(paths.password)} >/dev/null`,
      layout.group,
    ),
  ];
}

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
    const pem = await hostPem(ctx, host.name);
    const tlsPaths = connectTlsPaths(layout.configDir);
    const { storePassword } = await declaredSecrets(await ctx.cluster.secrets(), CONNECT_SECRETS);
    const properties = file({
      path: posix.join(layout.configDir, CONFIG_FILE),
      content: ctx.template('kafka-connect/connect-distributed.properties.hbs', connectContext(ctx.topology, placed, pem, { paths: tlsPaths, password: ctx.secret(storePassword) })),
      owner: 'root',
      group: layout.group,
      mode: '0640',
      // It holds the worker's private key and its stores' password.
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
        config: [...(await restListenerTls(ctx, layout, tlsPaths, pem, storePassword)), properties, ...kafkaJvmFiles(ctx, layout, CONNECT_JMX, 'connect')],
      }),
    ];
  },
};
