import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { osFacts } from '../phases/01-os/facts.js';
import type { Inventory } from '../src/inventory/model.js';
import { aptInstallCommand, machineProbe, type Prerequisite, type PrereqProbe } from '../src/lab/prereqs.js';
import { execaRunner, type Runner } from '../src/lab/runner.js';

const PLAYBOOK = new URL('./ansible/phase1.yml', import.meta.url).pathname;

const ANSIBLE: Prerequisite = { needs: 'ansible-playbook', aptPackage: 'ansible', why: 'runs the Ansible side of the phase-1 comparison' };

async function onPath(probe: PrereqProbe, command: string): Promise<boolean> {
  for (const dir of probe.pathDirs()) if (await probe.exists(join(dir, command), true)) return true;
  return false;
}

/**
 * The bench compares phase 1 with an Ansible playbook, so it needs ansible-playbook, which
 * `lab up --install-prereqs` does not install (the lab itself never runs Ansible). As root with
 * apt, the bench installs it the same way; otherwise it fails naming it and the command.
 * Checked before the bench rebuilds the lab, not minutes later.
 */
export async function ensureAnsible(print: (line: string) => void, probe: PrereqProbe = machineProbe, runner: Runner = execaRunner): Promise<void> {
  if (await onPath(probe, ANSIBLE.needs)) return;
  const command = aptInstallCommand([ANSIBLE]);
  if (!probe.isRoot() || !(await onPath(probe, 'apt-get'))) {
    throw new Error(`bench: ${ANSIBLE.needs} is not installed (it ${ANSIBLE.why}); install it with: ${command}, or run the bench as root on Debian and it installs it`);
  }
  print(`bench: ${ANSIBLE.needs} is not installed (it ${ANSIBLE.why}); installing it: ${command}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await runner.run('apt-get', ['update'], { env, hint: 'check the machine can reach its apt mirror' });
  await runner.run('apt-get', ['install', '-y', ANSIBLE.aptPackage], { env, hint: `run it yourself: ${command}` });
  if (!(await onPath(probe, ANSIBLE.needs))) throw new Error(`bench: ${ANSIBLE.needs} is still missing after ${command}`);
}

/**
 * An Ansible inventory of the same hosts with the same phase-1 facts as host variables, and an
 * ansible.cfg with the usual speed settings (pipelining, 5 forks, no fact gathering).
 */
export async function writeAnsibleProject(inventory: Inventory, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const hosts = Object.fromEntries(
    inventory.hosts.map((host) => {
      const facts = osFacts(inventory, host.name);
      return [
        host.name,
        {
          ansible_host: host.addresses.management,
          ansible_user: inventory.ssh.user,
          ansible_ssh_private_key_file: inventory.ssh.privateKey,
          ansible_ssh_common_args: `-o UserKnownHostsFile=${inventory.ssh.knownHosts} -o StrictHostKeyChecking=yes`,
          ansible_python_interpreter: '/usr/bin/python3',
          domain: inventory.cluster.domain,
          application_network: inventory.networks.application,
          package_proxy: inventory.artifacts?.packageProxy ?? '',
          packages: facts.aptPackages,
          kernel_parameters: facts.kernelParameters,
          file_limits: facts.fileLimits,
          hosts_entries: facts.hostsEntries,
          time: facts.time,
          ntp_pool: facts.ntpPool,
          data_directories: facts.dataDirectories,
          vrrp_peers: facts.vrrpPeers,
          firewall_rules: facts.firewallRules,
        },
      ];
    }),
  );
  await writeFile(join(dir, 'inventory.yml'), stringify({ lab: { hosts } }));
  await writeFile(join(dir, 'ansible.cfg'), '[defaults]\nforks = 5\nhost_key_checking = True\ngathering = explicit\n\n[ssh_connection]\npipelining = True\n');
}

export interface AnsibleRun {
  seconds: number;
  changed: number;
}

/** One ansible-playbook run; `changed` is the sum of the recap's changed counts. */
export async function runPlaybook(dir: string): Promise<AnsibleRun> {
  const started = performance.now();
  const result = await execa('ansible-playbook', ['-i', join(dir, 'inventory.yml'), PLAYBOOK], {
    cwd: dir,
    env: { ANSIBLE_CONFIG: join(dir, 'ansible.cfg') },
    reject: false,
    stdin: 'ignore',
  });
  const seconds = (performance.now() - started) / 1000;
  // exitCode is undefined when the process never ran (not installed, not executable).
  if (result.code === 'ENOENT') throw new Error(`bench: ${ANSIBLE.needs} is not installed; install it with: ${aptInstallCommand([ANSIBLE])}`);
  if (result.exitCode === undefined) throw new Error(`bench: ${result.shortMessage}`);
  if (result.exitCode !== 0) throw new Error(`ansible-playbook exited ${result.exitCode}\n${result.stdout.slice(-3000)}`);
  const changed = [...result.stdout.matchAll(/changed=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  return { seconds, changed };
}
