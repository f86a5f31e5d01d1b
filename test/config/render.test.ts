import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { etcdContext, etcdUnitContext } from '../../phases/02-coordination/etcd/config.js';
import { haproxyHostContext } from '../../phases/02-coordination/haproxy/steps.js';
import { keepalivedContext } from '../../phases/02-coordination/keepalived/config.js';
import { patroniContext } from '../../phases/03-data/postgresql/config.js';
import { vipManagerContext } from '../../phases/03-data/vip-manager/config.js';
import { Topology } from '../../src/config/topology.js';
import { Templates } from '../../src/engine/templates.js';
import { ClusterPki } from '../../src/pki/cluster-pki.js';
import { hasBinary } from './binaries.js';
import { LAB_FACTS, LAB_SECRETS, labInventory } from './lab-inventory.js';

const templates = new Templates();
const inv = labInventory();
const control = ['vm1', 'vm2', 'vm3'];
const scratch = mkdtempSync(join(tmpdir(), 'datalyptica-render-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function save(name: string, text: string, mode = 0o600): string {
  const path = join(scratch, name);
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
}

describe('templates render for every lab host', () => {
  it('etcd environment file: every ETCD_ variable has a value', () => {
    for (const host of control) {
      const text = templates.render('etcd/etcd.env.hbs', etcdContext(new Topology(inv), host));
      const vars = text.split('\n').filter((line) => line.startsWith('ETCD_'));
      expect(vars.length).toBeGreaterThan(20);
      for (const line of vars) expect(line).toMatch(/^ETCD_[A-Z0-9_]+=\S+$/);
      expect(text).toContain('ETCD_ENABLE_V2=true');
      expect(text).toContain(`ETCD_NAME=${host}`);
    }
    expect(templates.render('systemd/etcd.service.hbs', etcdUnitContext())).toContain('ExecStart=/usr/local/bin/etcd');
  });

  it('patroni config is YAML with the decided settings', () => {
    const config = parse(templates.render('patroni/config.yml.hbs', patroniContext(new Topology(inv), 'vm3', LAB_SECRETS.patroni)));
    expect(config.etcd.protocol).toBe('https');
    expect(config.bootstrap.dcs).toMatchObject({ ttl: 20, loop_wait: 2, retry_timeout: 8, synchronous_mode: true });
    expect(config.tags.nosync).toBe(true);
    expect(config.watchdog.mode).toBe('off');
    expect(config.postgresql.parameters.ssl).toBe('on');
    expect(config.postgresql.authentication.replication.password).toBe(LAB_SECRETS.patroni.replication);
    expect(config.restapi.authentication.password).toBe(LAB_SECRETS.patroni.restApi);
  });

  it('vip-manager config is YAML with the leader key and TLS files', () => {
    const config = parse(templates.render('vip-manager/vip-manager.yml.hbs', vipManagerContext(new Topology(inv), 'vm1', LAB_FACTS)));
    expect(config).toMatchObject({ ip: '198.18.1.101', netmask: 24, 'trigger-key': '/service/lab/leader', 'trigger-value': 'vm1', 'etcd-ca-file': '/etc/vip-manager/tls/ca.crt' });
    const dropIn = templates.render('systemd/vip-manager-datalyptica.conf.hbs', vipManagerContext(new Topology(inv), 'vm1', LAB_FACTS));
    expect(dropIn).toContain('ExecStart=/usr/bin/vip-manager --config=/etc/vip-manager/vip-manager.yml');
    expect(dropIn).toContain('ExecStartPre=-/usr/sbin/ip -4 address del 198.18.1.101/24 dev eth1');
  });

  it('keepalived drop-in removes a stale VIP before starting', () => {
    const text = templates.render('systemd/keepalived-datalyptica.conf.hbs', keepalivedContext(new Topology(inv), 'vm1', LAB_FACTS));
    expect(text).toContain('ExecStartPre=-/usr/sbin/ip -4 address del 198.18.1.100/24 dev eth1');
  });
});

describe.skipIf(!hasBinary('haproxy'))('haproxy -c accepts the rendered config', () => {
  it.each(control)('%s', async (host) => {
    const pki = new ClusterPki(join(scratch, 'state'), 'lab');
    const ca = await pki.ensureCa();
    const text = templates.render('haproxy/haproxy.cfg.hbs', haproxyHostContext(new Topology(inv), host, LAB_SECRETS.haproxy)).replaceAll('/etc/haproxy/tls/ca.crt', ca.certPath);
    const result = await execa('haproxy', ['-c', '-f', save(`haproxy-${host}.cfg`, text)], { reject: false });
    expect(result.stdout + result.stderr).toContain('Configuration file is valid');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toMatch(/WARNING/);
  });
});

// keepalived refuses loopback for VRRP: any real interface of this machine does for a config test.
const nic = Object.entries(networkInterfaces()).find(([, addresses]) => addresses?.every((a) => !a.internal))?.[0];

describe.skipIf(!hasBinary('keepalived') || nic === undefined)('keepalived -t accepts the rendered config', () => {
  it.each(control)('%s', async (host) => {
    const ctx = keepalivedContext(new Topology(inv), host, { applicationInterface: nic ?? 'eth0' });
    const script = save(`check-haproxy-${host}.sh`, templates.render('keepalived/check-haproxy.sh.hbs', ctx), 0o755);
    const config = save(`keepalived-${host}.conf`, templates.render('keepalived/keepalived.conf.hbs', { ...ctx, check: { ...ctx.check, script } }));
    const result = await execa('keepalived', ['--config-test', '-f', config, '--log-console'], { reject: false });
    // It prints one line per problem and exits non-zero; 2.2.7 ends a clean test by SIGTERMing itself.
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode === 0 || result.signal === 'SIGTERM').toBe(true);
  });
});
