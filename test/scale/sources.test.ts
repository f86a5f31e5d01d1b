import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { RecordingIoHost } from '../../src/core/events.js';
import { collectMetrics, parseMetricsText, readMetricsFile } from '../../src/scale/index.js';
import { defaultPrometheusUrl, queryPrometheus, type HttpGet } from '../../src/scale/sources/prometheus.js';
import { parseProbe } from '../../src/scale/sources/ssh-probe.js';
import { sampleOverSsh } from '../../src/scale/sources/ssh.js';
import type { ConnectionPool } from '../../src/ssh/pool.js';
import type { Transport } from '../../src/ssh/transport.js';

const inventory = buildSpecInventory();

describe('metrics file', () => {
  it('reads the documented format, YAML or JSON', () => {
    const set = parseMetricsText('m.json', JSON.stringify({ workload: { users: 3 }, hosts: { vm1: [{ at: 1748736000, cpu: 50, disk: 40 }] } }));
    expect(set).toMatchObject({ source: 'file', workload: { users: 3 }, hosts: [{ host: 'vm1', samples: [{ at: 1748736000000, cpuPercent: 50, diskPercent: { '/data': 40 } }] }] });
  });

  it('names the place of every problem in one line, with a suggestion for typos', async () => {
    await expect(readMetricsFile('test/fixtures/metrics/bad-field.yaml')).rejects.toMatchObject({ message: 'test/fixtures/metrics/bad-field.yaml: hosts.vm1[0].cpus: unknown field', hint: 'did you mean "cpu"?' });
    expect(() => parseMetricsText('m.yaml', 'hosts: { vm1: [ { at: 2025-06-01T00:00:00Z, cpu: 140 } ] }')).toThrow('m.yaml: hosts.vm1[0].cpu: expected a number from 0 to 100 (a percentage), got 140');
    expect(() => parseMetricsText('m.yaml', 'hosts: { vm1: [ { cpu: 1 } ] }')).toThrow('missing "at"');
    expect(() => parseMetricsText('m.yaml', 'hosts: { vm1: [] }')).toThrow('hosts.vm1: expected a non-empty list of samples');
    await expect(readMetricsFile('/nonexistent/m.yaml')).rejects.toMatchObject({ code: 'E_METRICS_UNREADABLE', exitCode: 2 });
  });

  it('parses the shipped examples', async () => {
    for (const file of ['examples/metrics-loaded.yaml', 'examples/metrics-idle.yaml']) expect((await readMetricsFile(file)).hosts).toHaveLength(5);
  });
});

const VM_OUTPUT = `virt none
cpu 1000 800
pswpout 100
cpu 2000 1000
pswpout 1380
nproc 4
pagesize 4096
mem MemTotal: 8000000
mem MemAvailable: 2000000
mem SwapTotal: 2097152
mem SwapFree: 1048576
psi avg10=12.50
oomjournal 3
disk / 1000 9000
disk /data 750 250
`;

describe('live SSH sample', () => {
  it('turns the probe output of a VM into a sample', () => {
    expect(parseProbe('vm4', VM_OUTPUT, 42, 5)).toEqual({
      sample: { at: 42, cpuPercent: 80, memoryPercent: 75, swapUsedMiB: 1024, psiMemoryPercent: 12.5, swapOutMiBPerSecond: 1, oomKills: 3, diskPercent: { '/data': 75 } },
      notes: [],
    });
  });

  it("inside a container reads the container's cgroup, and says what it could not measure", () => {
    const output = `virt container\ncpu 1 1\ncgcpu 1000000\ncpu 2 2\ncgcpu 3000000\nnproc 8\ncgcpumax 200000 100000\nmem MemTotal: 8388608\ncgmem 3221225472 4294967296 1073741824\ncgoom 0\noomjournal unavailable\ndisk / 50 50\n`;
    const { sample, notes } = parseProbe('vm1', output, 1, 2);
    expect(sample).toMatchObject({ cpuPercent: 50, memoryPercent: 50, oomKills: 0, diskPercent: { '/': 50 } });
    expect(notes).toEqual(['vm1: no PSI (kernel without CONFIG_PSI or psi=0)', "vm1: OOM kills counted by the container's cgroup since it started"]);
    // cgroup v1 without a limit (a huge number): memory counts against the machine's RAM.
    const unlimited = output.replace('4294967296', '9223372036854771712');
    expect(parseProbe('vm1', unlimited, 1, 2).sample.memoryPercent).toBe(25);
  });

  it('samples every host with one script each, and notes the hosts it could not reach', async () => {
    const commands: string[] = [];
    const transport = (host: string): Transport => ({
      host,
      user: 'root',
      exec: async (command) => (commands.push(command), { code: 0, stdout: VM_OUTPUT, stderr: '' }),
      upload: async () => undefined,
      uploadFile: async () => undefined,
      close: async () => undefined,
    });
    const pool = { get: async (host: string) => (host === 'vm3' ? Promise.reject(new Error('connect timed out')) : transport(host)) } as unknown as ConnectionPool;
    const set = await sampleOverSsh(inventory, pool, { intervalSeconds: 5, windowMs: 86_400_000, clock: { now: () => 7, sleep: async () => undefined } });
    expect(commands).toHaveLength(4);
    expect(commands[0]).toContain('sleep 5');
    expect(commands[0]).toContain('--since "-86400s"');
    expect(set.hosts.map((host) => host.host)).toEqual(['vm1', 'vm2', 'vm4', 'vm5']);
    expect(set.notes).toEqual(['vm3: not sampled (connect timed out)']);
  });
});

describe('Prometheus', () => {
  const series = (field: string, instance: string, values: Array<[number, string]>, extra: Record<string, string> = {}) => ({ metric: { instance, ...extra }, values, field });

  function fakePrometheus(ready: boolean): { get: HttpGet; urls: string[] } {
    const urls: string[] = [];
    const get: HttpGet = async (url) => {
      urls.push(url);
      if (url.endsWith('/-/ready')) return ready ? { status: 200, body: 'ready' } : Promise.reject(new Error('ECONNREFUSED'));
      const query = new URL(url).searchParams.get('query') ?? '';
      const result = query.includes('node_cpu_seconds_total')
        ? [series('cpu', '10.20.0.21:9100', [[1000, '85.5'], [1060, '90']]), series('cpu', 'stranger:9100', [[1000, '1']])]
        : query.includes('node_filesystem_avail_bytes')
          ? [series('disk', 'vm4.datalyptica.local:9100', [[1060, '71.23']], { mountpoint: '/data' })]
          : [];
      return { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: result.map(({ metric, values }) => ({ metric, values })) } }) };
    };
    return { get, urls };
  }

  it("defaults to the inventory's Prometheus host", () => {
    expect(defaultPrometheusUrl(inventory)).toBe('http://10.20.0.11:9090');
  });

  it('maps node_exporter range queries onto inventory hosts by address or name', async () => {
    const { get, urls } = fakePrometheus(true);
    const set = await queryPrometheus(inventory, { url: 'http://prom:9090/', windowMs: 7 * 86_400_000, now: 2_000_000, get });
    expect(set.description).toBe('http://prom:9090 over 1w');
    expect(set.hosts).toEqual([{ host: 'vm4', samples: [{ at: 1_000_000, cpuPercent: 85.5 }, { at: 1_060_000, cpuPercent: 90, diskPercent: { '/data': 71.2 } }] }]);
    expect(new URL(urls[0]!).searchParams.get('step')).toBe('1210');
    expect(set.notes).toContain('Prometheus has no data for oomKills (increase...)');
  });

  it('falls back to a live SSH sample when the default Prometheus does not answer, and fails when an explicit one does not', async () => {
    const io = new RecordingIoHost();
    const { get } = fakePrometheus(false);
    const pool = { get: async () => Promise.reject(new Error('no route')), closeAll: async () => undefined } as unknown as ConnectionPool;
    const set = await collectMetrics(inventory, { windowMs: 1, sampleSeconds: 1, acceptNewHostKeys: false, io, get, openPool: () => pool });
    expect(set.source).toBe('ssh');
    expect(io.events).toContainEqual(expect.objectContaining({ type: 'message', text: expect.stringContaining('does not answer') }));
    await expect(collectMetrics(inventory, { prometheusUrl: 'http://prom:9090', windowMs: 1, sampleSeconds: 1, acceptNewHostKeys: false, io, get })).rejects.toThrow('Prometheus at http://prom:9090 is not reachable');
  });
});
