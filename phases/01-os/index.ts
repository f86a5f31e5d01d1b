import type { Phase } from '../../src/engine/phase.js';
import { command, directory, file, limits, packages, service, sysctl } from '../../src/engine/resources/index.js';
import { clusterResolvesAndAgrees } from './gate.js';
import { FILE_LIMITS, KERNEL_PARAMETERS, osFacts, osPackages } from './facts.js';
import { timeSync } from './time-sync.js';

/** The spec's phase 1 on every host: packages, kernel and limits, names, time, /data, firewall. */
export const osPreparation: Phase = {
  id: 1,
  title: 'OS preparation',
  hosts: (inventory) => inventory.hosts.map((host) => host.name),
  steps: [
    {
      name: 'package sources',
      hosts: (_host, ctx) => ctx.inventory.artifacts?.packageProxy !== undefined,
      resources: (_host, ctx) => [
        file({
          path: '/etc/apt/apt.conf.d/01datalyptica-proxy',
          content: [
            "// Managed by datalyptica: packages come through the cluster's package proxy.",
            `Acquire::http::Proxy "${ctx.inventory.artifacts!.packageProxy}";`,
            '// A stalled download must fail and be retried, never hang an install forever.',
            'Acquire::http::Timeout "30";',
            'Acquire::Retries "3";',
            '',
          ].join('\n'),
        }),
      ],
    },
    {
      name: 'packages',
      resources: (host, ctx) => [packages(osPackages(ctx.inventory, host.name))],
    },
    {
      name: 'kernel and limits',
      resources: () => [sysctl({ name: 'os', values: KERNEL_PARAMETERS }), limits({ name: 'os', entries: [...FILE_LIMITS] })],
    },
    {
      name: 'names',
      resources: (host, ctx) => [
        file({ path: '/etc/hostname', content: `${host.name}\n` }),
        file({
          path: '/etc/hosts',
          content: ctx.template('os/hosts.hbs', {
            cluster: ctx.inventory.cluster.name,
            domain: ctx.inventory.cluster.domain,
            hostname: host.name,
            entries: osFacts(ctx.inventory, host.name).hostsEntries,
          }),
        }),
      ],
    },
    {
      name: 'time',
      resources: (host, ctx) => {
        const facts = osFacts(ctx.inventory, host.name);
        return [
          file({
            path: '/etc/chrony/chrony.conf',
            content: ctx.template('os/chrony.conf.hbs', {
              upstream: facts.time.upstream,
              pool: facts.ntpPool,
              peers: facts.time.peers,
              applicationNetwork: ctx.inventory.networks.application,
            }),
            notifies: 'chrony.service',
          }),
          timeSync('chrony.service'),
        ];
      },
    },
    {
      name: 'data directories',
      // Only the mount points exist after phase 1; each service's phase owns its directory's owner
      // and mode (etcd and PostgreSQL refuse a data directory others can read).
      resources: (host, ctx) =>
        osFacts(ctx.inventory, host.name).dataDirectories.map((path) =>
          path === '/data' ? directory({ path, mode: '0755' }) : command({ name: `directory ${path}`, run: `mkdir -p ${path}`, creates: path }),
        ),
    },
    {
      name: 'firewall',
      resources: (host, ctx) => {
        const facts = osFacts(ctx.inventory, host.name);
        return [
          file({
            path: '/etc/nftables.conf',
            mode: '0755',
            content: ctx.template('os/nftables.conf.hbs', {
              sshPort: ctx.inventory.ssh.port ?? 22,
              applicationNetwork: ctx.inventory.networks.application,
              vrrpPeers: facts.vrrpPeers,
              rules: facts.firewallRules,
            }),
            notifies: 'nftables.service',
          }),
          service({ name: 'nftables.service' }),
        ];
      },
    },
  ],
  gate: clusterResolvesAndAgrees,
};
