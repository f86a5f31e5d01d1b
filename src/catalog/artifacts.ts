/**
 * The artifact manifest: per component and version, the official download, its published
 * checksum, the layout after extraction, the runtime it needs, and the recipe that assembles the
 * same program from the package registries (the lab's bundle). Pure data: `validate`, `bundle`,
 * `check` and the install steps read it.
 */

/** A checksum the project publishes, inline or as the URL of its checksum file. */
export type PublishedChecksum = { sha512: string } | { sha256: string } | { sha512Url: string } | { sha256Url: string } | { sha1: string };

/** How the archive unpacks: the leading directories to drop so the release root is the install directory. */
export interface ReleaseLayout {
  /** `tgz` and `zip` are unpacked; `jar` and `bin` are single files kept as they are. */
  format: 'tgz' | 'zip' | 'jar' | 'bin';
  strip: number;
  /**
   * A wheelhouse's parts below the release root: hosts install with
   * `pip install --no-index --find-links <root>/<wheels> -r <root>/<requirements>` into a venv of
   * the release's runtime python, so they never reach an index.
   */
  wheelhouse?: { wheels: string; requirements: string };
}

/** A Maven-built release: the coordinates whose runtime closure becomes `libs/`, packed as a reproducible tgz. */
export interface MavenRecipe {
  kind: 'maven';
  dependencies: readonly string[];
}

/** A release that is one file on Maven Central (a jar), fetched by Maven into its cache and copied as it is. */
export interface MavenFileRecipe {
  kind: 'maven-file';
  /** groupId:artifactId:version[:packaging]. */
  artifact: string;
}

/**
 * A Python service's wheelhouse: `pip download` from PyPI of the pins file's whole closure as
 * wheels for the target python on manylinux x86_64 (src/artifacts/wheelhouse.ts), packed with the
 * pins as the requirements file. Used by the official and the registries bundle alike: PyPI is
 * where these projects publish.
 */
export interface WheelhouseRecipe {
  kind: 'wheelhouse';
  /** A `name==version` per line, under data/wheelhouse-pins/ (data/wheelhouse-pins/LAB-SOURCES.md says where they come from). */
  pins: string;
  /** The python the wheels are for (major.minor): the hosts' python3. */
  python: string;
  /** The project's own constraints file the pins stand in for, where it publishes one. */
  upstreamConstraints?: string;
}

export type RegistryRecipe = MavenRecipe | MavenFileRecipe | WheelhouseRecipe;

export interface ArtifactRelease {
  component: string;
  version: string;
  /** File name in a bundle or under the mirror base URL. */
  file: string;
  /** The official download. */
  url: string;
  checksum?: PublishedChecksum;
  layout: ReleaseLayout;
  runtime?: { java?: number; python?: string };
  /** How the lab assembles the same program from the registries, if it can (a wheelhouse: how every bundle does). */
  registries?: RegistryRecipe;
}

/** Debian 12's python3: the wheels are cp311 for manylinux x86_64 (glibc 2.36). */
const HOST_PYTHON = '3.11';

/** A phase-8 Python service: its wheelhouse tgz, pinned by data/wheelhouse-pins/<component>-<version>.txt. */
function wheelhouse(component: string, version: string, pypiName: string, upstreamConstraints?: string): ArtifactRelease {
  const tag = `cp${HOST_PYTHON.replace('.', '')}`;
  return {
    component,
    version,
    file: `${component}-${version}-wheelhouse-${tag}-linux_x86_64.tgz`,
    url: `https://pypi.org/project/${pypiName}/${version}/`,
    layout: { format: 'tgz', strip: 1, wheelhouse: { wheels: 'wheels', requirements: 'requirements.txt' } },
    runtime: { python: HOST_PYTHON },
    registries: { kind: 'wheelhouse', pins: `${component}-${version}.txt`, python: HOST_PYTHON, ...(upstreamConstraints ? { upstreamConstraints } : {}) },
  };
}

export const ARTIFACT_RELEASES: readonly ArtifactRelease[] = [
  {
    component: 'kafka',
    version: '3.9.0',
    file: 'kafka_2.13-3.9.0.tgz',
    url: 'https://archive.apache.org/dist/kafka/3.9.0/kafka_2.13-3.9.0.tgz',
    checksum: { sha512Url: 'https://archive.apache.org/dist/kafka/3.9.0/kafka_2.13-3.9.0.tgz.sha512' },
    layout: { format: 'tgz', strip: 1 },
    runtime: { java: 17 },
    registries: {
      kind: 'maven',
      dependencies: ['org.apache.kafka:kafka_2.13:3.9.0', 'org.apache.kafka:kafka-tools:3.9.0', 'org.apache.kafka:kafka-storage:3.9.0', 'org.apache.kafka:connect-runtime:3.9.0', 'org.apache.kafka:connect-file:3.9.0'],
    },
  },
  {
    // Prometheus publishes the agent on Maven Central only: that is its official download, and
    // Maven Central's .sha1 is its published checksum. It runs inside the JVM of the service it
    // watches, so it names no runtime of its own.
    component: 'jmx-exporter',
    version: '1.0.1',
    file: 'jmx_prometheus_javaagent-1.0.1.jar',
    url: 'https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar',
    checksum: { sha1: 'f9c53eb0aa1828c3c9cd7647238563e43a4ed68c' },
    layout: { format: 'jar', strip: 0 },
    registries: { kind: 'maven-file', artifact: 'io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1' },
  },
  {
    // Confluent publishes no checksum beside its archives: an inventory that installs it must
    // record the sha256 or sha512 it trusts in artifacts.overrides.schema-registry.
    component: 'schema-registry',
    version: '7.8.0',
    file: 'confluent-community-7.8.0.tar.gz',
    url: 'https://packages.confluent.io/archive/7.8/confluent-community-7.8.0.tar.gz',
    layout: { format: 'tgz', strip: 1 },
    runtime: { java: 17 },
  },
  wheelhouse('airflow', '2.10.4', 'apache-airflow', 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.4/constraints-3.11.txt'),
  // jupyterhub 5.2.1 (data/wheelhouse-pins/jupyterhub-5.2.1.txt) joins when the lab inventory
  // stops pinning Debian's jupyterhub "3.0" (src/lab/inventory.ts): a manifest entry would make
  // that version a validate error.
  wheelhouse('mlflow', '2.19.0', 'mlflow'),
  wheelhouse('superset', '4.1.1', 'apache-superset'),
];

export function findRelease(component: string, version: string): ArtifactRelease | undefined {
  return ARTIFACT_RELEASES.find((release) => release.component === component && release.version === version);
}

export function releaseVersions(component: string): string[] {
  return ARTIFACT_RELEASES.filter((release) => release.component === component).map((release) => release.version);
}
