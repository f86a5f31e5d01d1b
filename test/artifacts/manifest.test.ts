import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_RELEASES, findRelease, releaseVersions } from '../../src/catalog/artifacts.js';
import { SERVICES } from '../../src/catalog/services.js';
import { DEBIAN12_VERSIONS } from '../../src/lab/inventory.js';
import { isHexSum } from '../../src/artifacts/checksum.js';

describe('the artifact manifest', () => {
  it('records each release once, with an https download named like its file', () => {
    const keys = ARTIFACT_RELEASES.map((release) => `${release.component}@${release.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const release of ARTIFACT_RELEASES) {
      expect(release.url).toMatch(/^https:\/\//);
      // A wheelhouse is ours, assembled from PyPI: its official source is the project's PyPI page.
      if (release.registries?.kind === 'wheelhouse') expect(release.url).toBe(`https://pypi.org/project/${release.component.replace(/^(airflow|superset)$/, 'apache-$1')}/${release.version}/`);
      else expect(posix.basename(new URL(release.url).pathname)).toBe(release.file);
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

  it('writes every Maven recipe as Maven coordinates', () => {
    for (const release of ARTIFACT_RELEASES) {
      const recipe = release.registries;
      if (!recipe || recipe.kind === 'wheelhouse') continue;
      const coordinates = recipe.kind === 'maven' ? recipe.dependencies : [recipe.artifact];
      for (const coordinate of coordinates) expect(coordinate).toMatch(/^[\w.-]+:[\w.-]+:[\w.-]+(:[a-z]+)?$/);
    }
    expect(findRelease('kafka', '3.9.0')!.registries?.kind).toBe('maven');
    expect(findRelease('jmx-exporter', '1.0.1')!.registries).toEqual({ kind: 'maven-file', artifact: 'io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1' });
  });

  it('gives the phase-8 Python services (JupyterHub once the lab stops pinning Debian\'s) a cp311 wheelhouse pinned by a pins file that pins the service itself', () => {
    const services = { airflow: ['2.10.4', 'apache-airflow'], mlflow: ['2.19.0', 'mlflow'], superset: ['4.1.1', 'apache-superset'] } as const;
    for (const [component, [version, pypiName]] of Object.entries(services)) {
      const release = findRelease(component, version)!;
      expect(release.file).toBe(`${component}-${version}-wheelhouse-cp311-linux_x86_64.tgz`);
      expect(release.runtime).toEqual({ python: '3.11' });
      expect(release.layout).toEqual({ format: 'tgz', strip: 1, wheelhouse: { wheels: 'wheels', requirements: 'requirements.txt' } });
      expect(release.registries).toMatchObject({ kind: 'wheelhouse', pins: `${component}-${version}.txt`, python: '3.11' });
      const pins = readFileSync(join('data/wheelhouse-pins', `${component}-${version}.txt`), 'utf8');
      expect(pins.split('\n').map((line) => line.toLowerCase())).toContain(`${pypiName}==${version}`);
    }
    expect(findRelease('airflow', '2.10.4')!.registries).toMatchObject({ upstreamConstraints: 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.4/constraints-3.11.txt' });
  });

  it("knows no other version of a component the lab inventory pins to Debian's (that would make the lab's inventory invalid)", () => {
    for (const [component, version] of Object.entries(DEBIAN12_VERSIONS)) {
      const known = releaseVersions(component);
      if (known.length > 0) expect(known, component).toContain(version);
    }
  });
});
