/**
 * The numbers behind pass/warn/fail, in one place so the report and the docs agree.
 */

/** Resources more than this fraction below what the inventory declares mean the inventory is wrong: fail. */
export const DECLARED_TOLERANCE = 0.05;

/**
 * MemTotal excludes what firmware and the kernel reserve (crashkernel alone is 256 MiB on RHEL),
 * so memory gets at least this much slack before a host counts as smaller than declared.
 */
export const MEMORY_SLACK_BYTES = 512 * 1024 ** 2;

/**
 * Clock difference between two hosts: etcd, Kafka and Patroni leases, TLS validity and log
 * correlation tolerate well under a second; above 0.1 s something is not synchronised. Judged
 * on the difference the measurement proves (beyond its error bounds), see checks/clock.ts.
 */
export const CLOCK_WARN_SECONDS = 0.1;
export const CLOCK_FAIL_SECONDS = 1;

/** Free space where /data lives: packages and release archives alone need several GiB. */
export const DATA_FREE_FAIL_BYTES = 10 * 1024 ** 3;
/** Below this fraction free, Kafka logs and ClickHouse parts soon fill the filesystem. */
export const DATA_FREE_WARN_FRACTION = 0.15;

/** Each reachability probe from a host (curl --max-time). */
export const PROBE_TIMEOUT_SECONDS = 5;

/** The whole fact-gathering script on one host. */
export const FACTS_TIMEOUT_MS = 60_000;

export const GIB = 1024 ** 3;
