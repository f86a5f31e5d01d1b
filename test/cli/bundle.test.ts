import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFiles, type TestServer } from '../artifacts/http-server.js';
import { runMain } from '../doubles/main-run.js';

const KAFKA = randomBytes(120_000);
const JAR = randomBytes(30_000);
const REGISTRY = randomBytes(10_000);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'datalyptica-cli-bundle-'));
let server: TestServer;
let inventory: string;

/** The example inventory, every release it may need served by a local server through artifacts.overrides. */
beforeAll(async () => {
  server = await serveFiles({ '/kafka.tgz': KAFKA, '/agent.jar': JAR, '/registry.tgz': REGISTRY });
  const overrides = [
    ['kafka', 'kafka.tgz', KAFKA],
    ['jmx-exporter', 'agent.jar', JAR],
    ['schema-registry', 'registry.tgz', REGISTRY],
  ] as const;
  const artifacts = ['artifacts:', '  overrides:', ...overrides.flatMap(([component, file, data]) => [`    ${component}:`, `      url: ${server.url}/${file}`, `      sha256: ${sha256(data)}`])];
  inventory = join(dir, 'inventory.yaml');
  writeFileSync(inventory, `${readFileSync('inventory.example.yaml', 'utf8').replace(/^artifacts:.*\n( {2}.*\n)*/m, '')}\n${artifacts.join('\n')}\n`);
});
afterAll(() => server.close());

describe('datalyptica bundle', { timeout: 30_000 }, () => {
  it('fetches into --out, then a second run fetches nothing and says so', async () => {
    const out = join(dir, 'bundle');
    const first = await runMain(['bundle', '-i', inventory, '--out', out, '--release', 'kafka@3.9.0', 'jmx-exporter@1.0.1']);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`kafka 3.9.0: downloading ${server.url}/kafka.tgz`);
    expect(first.output).toContain(`kafka 3.9.0: downloaded kafka_2.13-3.9.0.tgz 0.1 MiB`);
    expect(first.output).toMatch(/: \d downloaded \(/);
    const requests = server.requests.length;
    const second = await runMain(['bundle', '-i', inventory, '--out', out, '--release', 'kafka@3.9.0', 'jmx-exporter@1.0.1']);
    expect(second.code).toBe(0);
    expect(second.output).toContain('kafka 3.9.0: present');
    expect(second.output).toMatch(/all \d present and verified; nothing downloaded or built/);
    expect(server.requests.length).toBe(requests);
  });

  it('prints JSON events and a result with --json', async () => {
    const out = join(dir, 'json');
    const { code, output } = await runMain(['bundle', '--json', '-i', inventory, '--out', out, '--release', 'jmx-exporter@1.0.1']);
    expect(code).toBe(0);
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(lines[0]!.type).toBe('bundle-start');
    expect(lines.at(-1)).toMatchObject({ type: 'result', dir: out });
    expect(lines.some((line) => line.type === 'artifact-done')).toBe(true);
  });

  it('--check passes a whole bundle, and fails a corrupted one naming the file and both sums', async () => {
    const out = join(dir, 'check');
    await runMain(['bundle', '-i', inventory, '--out', out, '--release', 'jmx-exporter@1.0.1']);
    const ok = await runMain(['bundle', '--check', out]);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toContain('jmx-exporter 1.0.1 jmx_prometheus_javaagent-1.0.1.jar');
    const corrupted = Buffer.from(JAR);
    corrupted[5] = corrupted[5]! ^ 1;
    writeFileSync(join(out, 'jmx_prometheus_javaagent-1.0.1.jar'), corrupted);
    const bad = await runMain(['bundle', '--check', out]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(`${join(out, 'jmx_prometheus_javaagent-1.0.1.jar')}: sha256 mismatch: expected ${sha256(JAR)}, found ${sha256(corrupted)}`);
  });

  it('refuses bad input in one line: no bundle.json, a malformed --release', async () => {
    const missing = await runMain(['bundle', '--check', join(dir, 'nothing-here')]);
    expect(missing.code).toBe(1);
    expect(missing.output.trim().split('\n')).toHaveLength(1);
    expect(missing.output).toContain('no bundle manifest');
    const flag = await runMain(['bundle', '-i', inventory, '--out', join(dir, 'x'), '--release', 'kafka']);
    expect(flag.code).toBe(2);
    expect(flag.output).toContain('--release kafka: expected component@version');
  });
});
