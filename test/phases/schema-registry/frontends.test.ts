import { describe, expect, it } from 'vitest';
import { schemaRegistryFailover } from '../../../phases/04-streaming/schema-registry/failover.js';
import { schemaRegistryFrontends } from '../../../phases/04-streaming/schema-registry/frontends.js';
import { schemaRegistryModule } from '../../../phases/04-streaming/schema-registry/index.js';
import { haproxyContext } from '../../../phases/02-coordination/haproxy/config.js';
import { Topology } from '../../../src/config/topology.js';
import { Templates } from '../../../src/engine/templates.js';
import { buildSpecInventory } from '../../../src/inventory/layout.js';

const inventory = buildSpecInventory();
const topology = new Topology(inventory);

describe('the Schema Registry behind HAProxy', () => {
  it('listens on the HAProxy host and the VIP, with both registries as servers checked over HTTPS', () => {
    const [listener] = schemaRegistryFrontends(topology, 'vm3');
    expect(listener).toEqual({
      name: 'schema-registry',
      mode: 'tcp',
      binds: [
        { address: '10.20.0.13', port: 18085, transparent: false },
        { address: '10.20.0.100', port: 18085, transparent: true },
      ],
      lines: [
        'balance first',
        'option httpchk GET /subjects',
        'http-check expect status 200',
        'default-server inter 1000ms fastinter 250ms downinter 500ms fall 2 rise 1 on-marked-down shutdown-sessions',
      ],
      servers: [
        { name: 'vm1', address: '10.20.0.11', port: 8085, options: 'check check-ssl verify required ca-file /etc/haproxy/tls/ca.crt verifyhost vm1' },
        { name: 'vm2', address: '10.20.0.12', port: 8085, options: 'check check-ssl verify required ca-file /etc/haproxy/tls/ca.crt verifyhost vm2' },
      ],
    });
  });

  it('renders as a listen section of haproxy.cfg', () => {
    const text = new Templates().render('haproxy/haproxy.cfg.hbs', haproxyContext(topology, 'vm1', { statsPassword: 'x' }, schemaRegistryFrontends(topology, 'vm1')));
    const section = text.slice(text.indexOf('listen schema-registry'));
    expect(section).toMatch(/^listen schema-registry\n/);
    expect(section).toContain('bind 10.20.0.11:18085');
    expect(section).toContain('server vm2 10.20.0.12:8085 check check-ssl verify required ca-file /etc/haproxy/tls/ca.crt verifyhost vm2');
  });

  it('adds nothing when the registry is placed nowhere (disabled)', () => {
    const disabled = new Topology({ ...inventory, services: { 'schema-registry': { enabled: false } } });
    expect(schemaRegistryFrontends(disabled, 'vm1')).toEqual([]);
  });

  it('puts the VIP and lb.<domain> in the certificate of a registry host, which clients through HAProxy verify', () => {
    expect(schemaRegistryModule.hostCertificateSans!(topology, 'vm1')).toEqual(['10.20.0.100', 'lb.datalyptica.local']);
    expect(schemaRegistryModule.usesHostCertificate).toBe(true);
  });

  it('installs the community archive from the bundle, once per version', () => {
    expect(schemaRegistryModule.releases!(topology)).toEqual([{ component: 'schema-registry', version: '7.8.0' }]);
  });

  it("declares the spec's row: the registry answers through HAProxy within 5 s of its leader being killed", () => {
    expect(schemaRegistryFailover.service).toBe('schema-registry');
    expect(schemaRegistryFailover.scenarios).toContainEqual({ fault: 'kill', unit: 'schema-registry.service', targetMs: 5_000, specTargetMs: 5_000 });
  });
});
