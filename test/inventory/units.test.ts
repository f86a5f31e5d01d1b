import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/inventory/did-you-mean.js';
import { loadInventoryText } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/model.js';
import { normaliseInventory, resolveInventoryPath } from '../../src/inventory/normalise.js';
import { locate } from '../../src/inventory/position.js';

describe('locate: data path -> YAML position', () => {
  const loaded = loadInventoryText('inv.yaml', 'cluster:\n  name: x\nhosts:\n  - name: vm1\n    role:\n    addresses: { storage: 10.30.0.11 }\n');
  const at = (path: Array<string | number>, atKey = false) => {
    const { line, col } = locate(loaded.doc!, loaded.lineCounter, path, atKey);
    return `${line}:${col}`;
  };

  it('points at scalar values, and at the key of a mapping or list value', () => {
    expect(at(['cluster', 'name'])).toBe('2:9');
    expect(at(['cluster'])).toBe('1:1');
    expect(at(['hosts', 0])).toBe('4:5');
    expect(at(['hosts', 0, 'addresses', 'storage'])).toBe('6:27');
  });

  it('points at the key when asked, or when the value is empty', () => {
    expect(at(['cluster', 'name'], true)).toBe('2:3');
    expect(at(['hosts', 0, 'role'])).toBe('5:5');
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(at(['cluster', 'domain'])).toBe('1:1');
    expect(at(['hosts', 7, 'name'])).toBe('3:1');
    expect(at(['nope', 'deeper'])).toBe('1:1');
  });
});

describe('did you mean', () => {
  it('suggests close candidates only', () => {
    expect(didYouMean('memoryGib', ['memoryMiB', 'memoryGiB', 'vcpu'])).toBe('memoryGiB');
    expect(didYouMean('trino-wroker', ['trino-worker', 'trino-coordinator'])).toBe('trino-worker');
    expect(didYouMean('zookeeper', ['etcd', 'kafka'])).toBeUndefined();
  });
});

describe('normalise', () => {
  const inventory = { ssh: { user: 'ops', bastion: { host: 'jump' } } } as unknown as Inventory;

  it('fills the SSH defaults without changing the input', () => {
    const { ssh } = normaliseInventory(inventory);
    expect(ssh).toMatchObject({ user: 'ops', port: 22, agent: true, become: { method: 'sudo' }, connectTimeoutSeconds: 10, bastion: { host: 'jump', user: 'ops', port: 22 } });
    expect(inventory.ssh.port).toBeUndefined();
  });

  it('uses the key instead of the agent when a key is given', () => {
    expect(normaliseInventory({ ssh: { user: 'ops', privateKey: '~/.ssh/k' } } as unknown as Inventory).ssh.agent).toBe(false);
  });

  it('resolves ~ against home and relative paths against the inventory directory', () => {
    expect(resolveInventoryPath('~/.ssh/k', '/etc/dl', '/home/ops')).toBe('/home/ops/.ssh/k');
    expect(resolveInventoryPath('keys/k', '/etc/dl', '/home/ops')).toBe('/etc/dl/keys/k');
    expect(resolveInventoryPath('/abs/k', '/etc/dl', '/home/ops')).toBe('/abs/k');
  });
});
