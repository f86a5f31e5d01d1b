import { CONTROL_CORE, grow, type TierLayout } from './types.js';

/**
 * 5 -> 10 VMs, the spec's first step: "separate processing and query tiers, add dedicated
 * Spark/Flink workers, add dedicated Trino workers, move monitoring to dedicated VMs".
 *
 * - vm1-vm3 keep the HA core untouched (PostgreSQL, etcd, Kafka, Nessie, Keycloak, Redis):
 *   moving quorum members is the riskiest change, and the 5-VM tier's control plane is not
 *   what the triggers measure. They lose only monitoring, so the third ClickHouse Keeper stays
 *   on vm3 (REVIEW.md: two Keepers tolerate no failure).
 * - vm4, vm5 become the processing tier: nothing but Spark and Flink (and Kafka Connect, which
 *   stays on vm5), so their workers get the memory the query and analytics services freed.
 * - vm6, vm7 are the query tier: the Trino coordinator and a worker, ClickHouse's two replicas
 *   with two of the three Keepers. ClickHouse moves by replication (new replica, then drop the old).
 * - vm8 is a dedicated Trino worker.
 * - vm9 is the analytics VM (Airflow, JupyterHub, Superset, MLflow): data-plane sized because
 *   notebook kernels and Celery tasks are where users' memory goes.
 * - vm10 is monitoring (Prometheus, Grafana, Loki, Alertmanager), off the hosts it watches.
 */
export const TIER_10: TierLayout = {
  vms: 10,
  summary: [
    'separate processing (vm4, vm5) and query (vm6-vm8) tiers',
    'dedicated Spark/Flink workers on vm4 and vm5, dedicated Trino workers on vm7 and vm8',
    'analytics on vm9, monitoring on a dedicated vm10',
  ],
  hosts: [
    { name: 'vm1', role: 'control', size: 'control', purpose: 'control plane 1 (HA core)', services: [...CONTROL_CORE, 'kafka', 'schema-registry', 'nessie', 'keycloak', 'redis-sentinel', 'node-exporter'] },
    { name: 'vm2', role: 'control', size: 'control', purpose: 'control plane 2 (HA core)', services: [...CONTROL_CORE, 'kafka', 'schema-registry', 'nessie', 'keycloak', 'redis', 'redis-sentinel', 'node-exporter'] },
    { name: 'vm3', role: 'control', size: 'control', purpose: 'control plane 3 (HA core, third Keeper)', services: [...CONTROL_CORE, 'kafka', 'nessie', 'keycloak', 'redis', 'redis-sentinel', 'clickhouse-keeper', 'node-exporter'] },
    { name: 'vm4', role: 'data', size: 'data', purpose: 'processing 1 (Spark master, Flink JobManager, workers)', services: ['spark-master', 'flink-jobmanager', grow('spark-worker'), grow('flink-taskmanager'), 'node-exporter'] },
    { name: 'vm5', role: 'data', size: 'data', purpose: 'processing 2 (workers, Kafka Connect)', services: [grow('spark-worker'), grow('flink-taskmanager'), 'kafka-connect', 'node-exporter'] },
    { name: 'vm6', role: 'data', size: 'data', purpose: 'query 1 (Trino coordinator, ClickHouse replica 1)', services: ['trino-coordinator', grow('clickhouse'), 'clickhouse-keeper', 'node-exporter'] },
    { name: 'vm7', role: 'data', size: 'data', purpose: 'query 2 (Trino worker, ClickHouse replica 2)', services: [grow('trino-worker'), grow('clickhouse'), 'clickhouse-keeper', 'node-exporter'] },
    { name: 'vm8', role: 'data', size: 'data', purpose: 'query 3 (dedicated Trino worker)', services: [grow('trino-worker'), 'node-exporter'] },
    { name: 'vm9', role: 'data', size: 'data', purpose: 'analytics (Airflow, JupyterHub, Superset, MLflow)', services: ['airflow-scheduler', 'airflow-webserver', grow('airflow-worker'), grow('jupyterhub', 2), 'superset', 'mlflow', 'node-exporter'] },
    { name: 'vm10', role: 'control', size: 'control', purpose: 'monitoring (Prometheus, Grafana, Loki, Alertmanager)', services: [grow('prometheus'), 'grafana', grow('loki'), 'alertmanager', 'node-exporter'] },
  ],
};
