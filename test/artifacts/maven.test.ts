import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRelease, type MavenRecipe } from '../../src/catalog/artifacts.js';
import { buildFromMaven, isDownloadLine, throwawayPom } from '../../src/artifacts/maven.js';

const kafka = findRelease('kafka', '3.9.0')!;

describe('registry builds with Maven', () => {
  it("write a throwaway pom with the recipe's coordinates as dependencies", () => {
    const pom = throwawayPom(kafka, ['org.apache.kafka:kafka_2.13:3.9.0', 'io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1:jar']);
    expect(pom).toContain('<packaging>pom</packaging>');
    expect(pom).toContain('<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>3.9.0</version></dependency>');
    expect(pom).toContain('<artifactId>jmx_prometheus_javaagent</artifactId><version>1.0.1</version><type>jar</type>');
    expect(() => throwawayPom(kafka, ['org.apache.kafka:kafka_2.13'])).toThrow(expect.objectContaining({ code: 'E_REGISTRY_RECIPE' }));
  });

  it("count Maven's finished downloads, not its announcements", () => {
    expect(isDownloadLine('[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/3.9.0/kafka_2.13-3.9.0.jar (6.4 MB at 9.1 MB/s)')).toBe(true);
    expect(isDownloadLine('Downloaded from central: https://repo.maven.apache.org/x.pom (2 kB at 10 kB/s)')).toBe(true);
    expect(isDownloadLine('[INFO] Downloading from central: https://repo.maven.apache.org/x.pom')).toBe(false);
  });

  it('say how to get Maven when mvn is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const cache = mkdtempSync(join(tmpdir(), 'datalyptica-maven-'));
      await expect(buildFromMaven(kafka, kafka.registries as MavenRecipe, cache, join(cache, 'out.tgz'))).rejects.toMatchObject({ code: 'E_MAVEN_MISSING', hint: expect.stringContaining('apt-get install maven') });
    } finally {
      process.env.PATH = path;
    }
  });
});
