/**
 * How each service moves to another host, and what that costs in downtime. Estimates for a
 * rehearsed move on the spec's 10 Gbps networks; "none" means clients keep being served
 * because another instance carries on while this one moves.
 */
export interface MoveStrategy {
  how: string;
  downtime: string;
  /** Upper estimate in minutes. */
  minutes: number;
}

const STATELESS_BEHIND_HAPROXY: MoveStrategy = { how: 'start on the new host, let HAProxy route to it, then stop the old one', downtime: 'none', minutes: 0 };
const WORKER: MoveStrategy = { how: 'start on the new host; drain the old one (let running tasks finish) and stop it', downtime: 'none (capacity dips while draining)', minutes: 0 };

const STRATEGIES: Record<string, MoveStrategy> = {
  etcd: { how: 'add the new member (etcdctl member add), start it, then remove an old one: one at a time', downtime: 'none (quorum kept)', minutes: 0 },
  postgresql: { how: 'start a Patroni replica on the new host, wait until it streams, switch over if the leader moves, retire the old member', downtime: 'about 30 s for a switchover', minutes: 1 },
  patroni: { how: 'moves with PostgreSQL', downtime: 'with PostgreSQL', minutes: 1 },
  'vip-manager': { how: 'moves with PostgreSQL', downtime: 'none', minutes: 0 },
  haproxy: { how: 'start on the new host with keepalived, then stop the old pair member', downtime: 'a VIP failover, under 2 s', minutes: 0 },
  keepalived: { how: 'moves with HAProxy', downtime: 'a VIP failover, under 2 s', minutes: 0 },
  kafka: { how: 'start the new broker, reassign partitions onto it (kafka-reassign-partitions), then retire the old broker and its controller vote', downtime: 'none (replication factor 3)', minutes: 0 },
  'schema-registry': STATELESS_BEHIND_HAPROXY,
  'kafka-connect': { how: 'start a worker on the new host in the same group; connectors rebalance; stop the old worker', downtime: 'seconds while connectors rebalance', minutes: 1 },
  nessie: STATELESS_BEHIND_HAPROXY,
  keycloak: { how: 'start the new node in the cluster, wait for cache sync, stop the old one', downtime: 'none (sessions replicate)', minutes: 0 },
  redis: { how: 'start a replica on the new host, Sentinel failover if the master moves, stop the old one', downtime: 'about 10 s for a failover', minutes: 1 },
  'redis-sentinel': { how: 'start the new Sentinel, then remove the old one (SENTINEL RESET on the others)', downtime: 'none', minutes: 0 },
  'spark-master': { how: 'stop the master, start it on the new host with the NFS recovery directory; workers and applications re-register', downtime: 'about 5 min: no new applications meanwhile, running ones continue', minutes: 5 },
  'spark-worker': WORKER,
  'flink-jobmanager': { how: 'take savepoints, stop the JobManager, start it on the new host, resume the jobs from their savepoints', downtime: 'about 10 min of stream processing (jobs resume where they stopped)', minutes: 10 },
  'flink-taskmanager': WORKER,
  'trino-coordinator': { how: 'start the coordinator on the new host, point the workers and HAProxy at it, stop the old one', downtime: 'about 5 min: queries in flight fail and are retried by clients', minutes: 5 },
  'trino-worker': WORKER,
  clickhouse: { how: 'start a replica on the new host, wait until it has fetched every part (system.replication_queue empty), then drop the old replica', downtime: 'none for replicated tables; non-replicated tables must be copied first', minutes: 0 },
  'clickhouse-keeper': { how: 'add the new Keeper to the Raft configuration, then remove an old one: one member at a time', downtime: 'none (quorum kept)', minutes: 0 },
  'airflow-scheduler': { how: 'start the scheduler on the new host (Airflow 2 runs several), then stop the old one', downtime: 'none', minutes: 0 },
  'airflow-webserver': STATELESS_BEHIND_HAPROXY,
  'airflow-worker': WORKER,
  jupyterhub: { how: 'stop the hub, start it on the new host (homes are on NFS, the hub database moves with it)', downtime: 'about 10 min: running notebook servers restart', minutes: 10 },
  mlflow: STATELESS_BEHIND_HAPROXY,
  superset: STATELESS_BEHIND_HAPROXY,
  prometheus: { how: 'start the new Prometheus scraping the same targets; keep the old one until its retention is covered, or copy the TSDB', downtime: 'none if run side by side, otherwise a scrape gap of 10-30 min', minutes: 0 },
  grafana: STATELESS_BEHIND_HAPROXY,
  loki: { how: 'point the log shippers at the new Loki, keep the old one read-only until its retention passes', downtime: 'a few minutes of log ingestion', minutes: 5 },
  alertmanager: { how: 'start the new Alertmanager in the same cluster (gossip), then stop the old one', downtime: 'none (silences replicate)', minutes: 0 },
  'node-exporter': { how: 'installed on every host', downtime: 'none', minutes: 0 },
};

const ADD: MoveStrategy = { how: 'install on the new hosts; it joins the running service', downtime: 'none', minutes: 0 };
const FALLBACK: MoveStrategy = { how: 'stop on the old host, start on the new one', downtime: 'about 5 min', minutes: 5 };

/** The strategy for moving `service`; adding instances (nothing leaves) costs no downtime. */
export function moveStrategy(service: string, leavesHosts: boolean): MoveStrategy {
  if (!leavesHosts) return ADD;
  return STRATEGIES[service] ?? FALLBACK;
}
