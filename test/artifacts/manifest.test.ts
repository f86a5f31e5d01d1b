import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_RELEASES, findRelease, releaseVersions } from '../../src/catalog/artifacts.js';
import { SERVICES } from '../../src/catalog/services.js';
import { isHexSum } from '../../src/artifacts/checksum.js';

describe('the artifact manifest', () => {
  it('records each release once, with an https download named like its file', () => {
    const keys = ARTIFACT_RELEASES.map((release) => `${release.component}@${release.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const release of ARTIFACT_RELEASES) {
      expect(release.url).toMatch(/^https:\/\//);
      expect(posix.basename(new URL(release.url).pathname)).toBe(release.file);
    }
  });

  it('knows the version the catalog installs by default for every component it lists', () => {
    for (const service of SERVICES.filter((def) => releaseVersions(def.component).length > 0)) {
      expect(releaseVersions(service.component), service.id).toContain(service.version);
    }
  });

  it("gives Kafka Apache's SHA-512 file, the JMX agent Maven Central's sha1, and Confluent no sum", () => {
    expect(findRelease('kafka', '3.9.0')!.checksum).toEqual({ sha512Url: 'https://archive.apache.org/dist/kafka/3.9.0/kafka_2.13-3.9.0.tgz.sha512' });
    const jmx = findRelease('jmx-exporter', '1.0.1')!;
    expect(jmx.url).toBe('https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar');
    expect(jmx.checksum && 'sha1' in jmx.checksum && isHexSum('sha1', jmx.checksum.sha1)).toBe(true);
    expect(findRelease('schema-registry', '7.8.0')!.checksum).toBeUndefined();
  });

  it('writes every registry recipe as Maven coordinates', () => {
    for (const release of ARTIFACT_RELEASES) {
      const recipe = release.registries;
      if (!recipe) continue;
      const coordinates = recipe.kind === 'maven' ? recipe.dependencies : [recipe.artifact];
      for (const coordinate of coordinates) expect(coordinate).toMatch(/^[\w.-]+:[\w.-]+:[\w.-]+(:[a-z]+)?$/);
    }
    expect(findRelease('kafka', '3.9.0')!.registries?.kind).toBe('maven');
    expect(findRelease('jmx-exporter', '1.0.1')!.registries).toEqual({ kind: 'maven-file', artifact: 'io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1' });
  });
});
