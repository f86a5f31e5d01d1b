import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { Inventory, SshSettings } from './model.js';

/** SSH settings with every default filled in: what the SSH layer connects with. */
export interface ResolvedSsh extends SshSettings {
  port: number;
  agent: boolean;
  become: NonNullable<SshSettings['become']>;
  connectTimeoutSeconds: number;
}

/** An inventory after schema validation with defaults applied (the file itself is not changed). */
export interface ResolvedInventory extends Inventory {
  ssh: ResolvedSsh;
}

export const SSH_DEFAULTS = { port: 22, becomeMethod: 'sudo', connectTimeoutSeconds: 10 } as const;

/** Applies defaults: ssh port 22, become sudo, the agent when no key is given, bastion inherits user. */
export function normaliseInventory(inventory: Inventory): ResolvedInventory {
  const ssh = inventory.ssh;
  return {
    ...inventory,
    ssh: {
      ...ssh,
      port: ssh.port ?? SSH_DEFAULTS.port,
      agent: ssh.agent ?? ssh.privateKey === undefined,
      become: ssh.become ?? { method: SSH_DEFAULTS.becomeMethod },
      connectTimeoutSeconds: ssh.connectTimeoutSeconds ?? SSH_DEFAULTS.connectTimeoutSeconds,
      ...(ssh.bastion ? { bastion: { ...ssh.bastion, user: ssh.bastion.user ?? ssh.user, port: ssh.bastion.port ?? SSH_DEFAULTS.port } } : {}),
    },
  };
}

/**
 * Resolves a path written in the inventory: `~` is the home directory, and relative paths
 * are relative to the inventory file's directory (so the file means the same from any cwd).
 */
export function resolveInventoryPath(path: string, inventoryDir: string, home = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return resolve(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(inventoryDir, path);
}
