import type { FakeHost } from '../doubles/fake-host.js';
import type { Inventory } from '../../src/inventory/model.js';
import { fakeCluster } from '../engine/helpers.js';

/** The lab's versions: what Debian 12 packages (and the lab inventory pins). */
export const DEBIAN_VERSIONS = { etcd: '3.4', haproxy: '2.6', keepalived: '2.2', postgresql: '15', patroni: '3.0', 'vip-manager': '1.0.2' };

const AVAILABLE: Record<string, string> = {
  'etcd-server': '3.4.23-4+b5',
  'etcd-client': '3.4.23-4+b5',
  haproxy: '2.6.12-1+deb12u2',
  keepalived: '1:2.2.7-1+b2',
  'postgresql-common': '248',
  'postgresql-15': '15.14-0+deb12u1',
  patroni: '3.0.2-1',
  'vip-manager': '1.0.2-3+b8',
};

/** What a Debian 12 host does behind the commands phases 2-3 guard: the package's side effects. */
export class DebianSim {
  /** Debian's etcd-server starts a single-node member of its own in /var/lib/etcd/default. */
  defaultEtcd = true;
  createMainCluster = true;
  mainCluster = false;
  pendingRestart = false;
  /** Server majors apt can install: the distribution's, and PGDG's once its repository is added. */
  readonly postgresMajors = new Set(['15']);
  readonly shell: string[] = [];

  constructor(readonly host: FakeHost) {
    host.overrides.set('dl_test', ([command = '']) => ({ stdout: this.test(command) ? 'yes\n' : 'no\n' }));
    host.overrides.set('dl_sh', ([command = '']) => this.sh(command));
    host.overrides.set('dl_pkg_install', ([, ...specs]) => {
      for (const spec of specs) {
        const name = spec.split('=')[0]!;
        const major = /^postgresql-(\d+)$/.exec(name)?.[1];
        if (major && !this.postgresMajors.has(major)) return { code: 100, stderr: `E: Unable to locate package ${name}\n` };
        host.installed.set(name, AVAILABLE[name] ?? `${major}.1-1.pgdg120+1`);
        // postgresql-common's postinst makes a main cluster unless createcluster.conf says not to.
        if (name.startsWith('postgresql-1') && this.createMainCluster) this.mainCluster = true;
      }
    });
  }

  private test(command: string): boolean {
    if (command.includes('/var/lib/etcd/default')) return !this.defaultEtcd;
    if (command.includes('create_main_cluster')) return !this.createMainCluster;
    if (/\/etc\/postgresql\/\d+\/main/.test(command)) return !this.mainCluster;
    if (command.includes('pending_restart')) return !this.pendingRestart;
    const running = /^systemctl is-enabled -q (\S+) && systemctl is-active -q \1$/.exec(command);
    if (running) {
      const unit = this.host.units.get(running[1]!);
      return unit?.enabled === true && unit.active;
    }
    const show = /^apt-cache show postgresql-(\d+)$/.exec(command);
    if (show) return this.postgresMajors.has(show[1]!);
    return false;
  }

  private sh(command: string): { stdout: string } {
    this.shell.push(command);
    if (command.startsWith('ip -o -4 addr show to')) return { stdout: 'eth0\ndebian\n' };
    if (command.includes('rm -rf /var/lib/etcd/default')) this.defaultEtcd = false;
    if (command.startsWith('pg_conftool')) this.createMainCluster = false;
    if (command.startsWith('pg_dropcluster')) this.mainCluster = false;
    if (/^patronictl .* restart /.test(command)) this.pendingRestart = false;
    const start = /^systemctl enable -q (\S+) && systemctl start \1 && /.exec(command);
    if (start) this.host.units.set(start[1]!, { enabled: true, active: true });
    if (command.includes('apt.postgresql.org.sh')) ['13', '14', '15', '16', '17'].forEach((major) => this.postgresMajors.add(major));
    return { stdout: '' };
  }
}

/** Five fake Debian hosts with the spec's placement and the lab's versions. */
export function fakeDebianCluster() {
  const cluster = fakeCluster(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
  (cluster.inventory as Inventory).versions = { ...DEBIAN_VERSIONS };
  const sims = new Map<string, DebianSim>();
  for (const [name, host] of cluster.hosts) {
    sims.set(name, new DebianSim(host));
    for (const unit of ['etcd.service', 'haproxy.service', 'keepalived.service', 'patroni.service', 'vip-manager.service']) host.units.set(unit, { enabled: true, active: false });
    host.sysctls.set('net.ipv4.ip_nonlocal_bind', { value: '0', writable: true });
    for (const user of ['etcd', 'haproxy', 'postgres']) host.users.set(user, { home: '/var/lib/' + user, shell: '/usr/sbin/nologin', groups: [] });
  }
  return { ...cluster, sim: (name: string) => sims.get(name)! };
}
