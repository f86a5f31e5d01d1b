/**
 * Where the files of phases 2 and 3 live on a host: the templates reference them, and the
 * phase uploads the certificates and keys to exactly these paths (owner in the comment).
 */
export const HOST_PATHS = {
  etcd: {
    /** Owner etcd, 0700: etcd refuses a data directory others can read. */
    dataDir: '/data/etcd',
    /** Read by Debian's etcd.service (EnvironmentFile) and by our own unit for the release tarball. */
    envFile: '/etc/default/etcd',
    /** Owner etcd (key 0600). */
    tlsDir: '/etc/etcd/tls',
  },
  haproxy: {
    config: '/etc/haproxy/haproxy.cfg',
    /** The CA that HAProxy checks Patroni's REST certificate against. */
    caFile: '/etc/haproxy/tls/ca.crt',
  },
  keepalived: {
    config: '/etc/keepalived/keepalived.conf',
    /** Owner root, 0755: keepalived's script security refuses scripts others can change. */
    checkScript: '/etc/keepalived/check-haproxy.sh',
  },
  patroni: {
    /** Owner postgres, 0600: it holds the database passwords. Debian's patroni.service reads it. */
    config: '/etc/patroni/config.yml',
    /** Owner postgres, keys 0600: PostgreSQL's server certificate, Patroni's REST and etcd client certificates. */
    tlsDir: '/etc/patroni/tls',
    /** Owner postgres, 0700; the data directory is created inside it by initdb or pg_basebackup. */
    dataRoot: '/data/postgresql',
  },
  vipManager: {
    /** Owner root, 0644 (no secrets: it authenticates to etcd with a client certificate). */
    config: '/etc/vip-manager/vip-manager.yml',
    /** Owner root, key 0600: vip-manager runs as root to add addresses. */
    tlsDir: '/etc/vip-manager/tls',
  },
} as const;
