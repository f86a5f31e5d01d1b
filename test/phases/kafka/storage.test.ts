import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCommand, formattedStorage, STORAGE_TOOL } from '../../../phases/04-streaming/kafka/storage.js';
import { Topology } from '../../../src/config/topology.js';
import { clusterState } from '../../../src/engine/cluster-state.js';
import type { ApplyContext } from '../../../src/engine/resource.js';
import { programLayout } from '../../../src/engine/resources/index.js';
import { labInventory } from '../../config/lab-inventory.js';

const layout = programLayout(new Topology(labInventory()).on('kafka', 'vm1'), { platform: { osFamily: 'debian' } });
const CONFIG = '/etc/datalyptica/kafka/server.properties';
const ID = 'MkU3OEVBNTcwNTJENDM2Qk';

/** The probe's answer as the engine hands it to check/apply: the snippet's stdout. */
const observed = (line: string) => `${line}\n`;

function recordingContext(): { ctx: ApplyContext; ran: string[] } {
  const ran: string[] = [];
  const ctx = {
    host: 'vm1',
    run: async (lines: string[]) => {
      ran.push(...lines);
      return { code: 0, stdout: '', stderr: '' };
    },
  } as unknown as ApplyContext;
  return { ctx, ran };
}

describe('Kafka storage, formatted once', () => {
  const resource = formattedStorage(layout, ID, CONFIG);

  it('formats an empty data directory with the cluster id, as the broker user, with the storage tool', async () => {
    expect(resource.check(observed('absent'))).toEqual({ status: 'change', detail: `format /data/kafka (cluster id ${ID})` });
    const { ctx, ran } = recordingContext();
    await resource.apply(ctx, observed('absent'));
    expect(ran).toHaveLength(1);
    expect(ran[0]).toContain('runuser -u kafka -- /usr/lib/jvm/java-17-openjdk-amd64/bin/java');
    expect(ran[0]).toContain(`${STORAGE_TOOL} format`);
    expect(formatCommand(layout, ID, CONFIG)).toContain(`--cluster-id '${ID}' --config '${CONFIG}'`);
  });

  it('never formats again a directory formatted with the same id', () => {
    expect(resource.check(observed(ID))).toEqual({ status: 'ok' });
  });

  it("refuses a directory formatted for another cluster, naming both ids, and runs nothing", async () => {
    expect(resource.check(observed('OtherClusterId0000000A'))).toMatchObject({ status: 'change', detail: expect.stringContaining('carries cluster id "OtherClusterId0000000A"') });
    const { ctx, ran } = recordingContext();
    await expect(resource.apply(ctx, observed('OtherClusterId0000000A'))).rejects.toMatchObject({ code: 'E_KAFKA_CLUSTER_ID', message: expect.stringContaining(`not this cluster's ${ID}`) });
    expect(ran).toEqual([]);
  });
});

describe('cluster ids in the cluster state', () => {
  it('generates an id once and gives every later caller (and a later run) the same one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-ids-'));
    const state = clusterState(dir, 'lab', { add: () => undefined });
    let made = 0;
    const generate = () => `id-${++made}`;
    const ids = await Promise.all([state.clusterId('kafka', generate), state.clusterId('kafka', generate), state.clusterId('kafka', generate)]);
    expect(ids).toEqual(['id-1', 'id-1', 'id-1']);
    expect(await clusterState(dir, 'lab', { add: () => undefined }).clusterId('kafka', generate)).toBe('id-1');
    expect(made).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'cluster-ids.json'), 'utf8'))).toEqual({ kafka: 'id-1' });
  });

  it('refuses a damaged file instead of making a new id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-ids-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'cluster-ids.json'), '[1, 2]');
    await expect(clusterState(dir, 'lab', { add: () => undefined }).clusterId('kafka', () => 'new')).rejects.toMatchObject({ code: 'E_CLUSTER_IDS_CORRUPT' });
  });
});
