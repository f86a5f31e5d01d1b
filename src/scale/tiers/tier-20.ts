import { CONTROL_CORE, grow, type TierLayout } from './types.js';

/**
 * 10 -> 20 VMs: "separate each service type to dedicated VMs, add more workers for horizontal
 * scaling, implement proper HA for all services". Hosts of the 10-VM tier keep the service
 * type that is hardest to move (data), the others move to new VMs:
 *
 * - vm1-vm3: PostgreSQL/Patroni, etcd, HAProxy and the small stateless control services
 *   (Nessie, Keycloak, Redis with Sentinel). Kafka leaves for its own brokers.
 * - Kafka: vm11-vm13, three brokers (KRaft quorum of 3) with Schema Registry on all three and
 *   Kafka Connect on two (distributed mode, so both work).
 * - Spark: vm4 (master and a worker), vm5 and vm19 workers. Flink: vm17 (JobManager and a
 *   TaskManager) and vm18.
 * - ClickHouse stays where its data is (vm6, vm7) and gets a third replica on vm14; the three
 *   Keepers sit with the replicas, so vm3 loses its Keeper (one Raft member change at a time).
 * - Trino: coordinator alone on vm15, workers on vm8 and vm16.
 * - Airflow on vm9 and, for a second scheduler (Airflow 2 runs several schedulers
 *   active-active) and worker, vm20 with JupyterHub, Superset and MLflow.
 * - Monitoring stays on vm10.
 */
export const TIER_20: TierLayout = {
  vms: 20,
  summary: [
    'a VM or group of VMs per service type: Kafka, Spark, Flink, Trino, ClickHouse, Airflow, notebooks/BI, monitoring',
    'more workers: 3 Spark workers, 2 Flink TaskManagers, 2 Trino workers, 3 ClickHouse replicas',
    'HA: 3 Kafka brokers with Schema Registry on each, 2 Kafka Connect workers, 2 Airflow schedulers, 3 Keepers beside the replicas',
  ],
  hosts: [
    { name: 'vm1', role: 'control', size: 'control', purpose: 'control plane 1 (PostgreSQL, etcd, HAProxy, Nessie, Keycloak)', services: [...CONTROL_CORE, 'nessie', 'keycloak', 'redis-sentinel', 'node-exporter'] },
    { name: 'vm2', role: 'control', size: 'control', purpose: 'control plane 2', services: [...CONTROL_CORE, 'nessie', 'keycloak', 'redis', 'redis-sentinel', 'node-exporter'] },
    { name: 'vm3', role: 'control', size: 'control', purpose: 'control plane 3', services: [...CONTROL_CORE, 'nessie', 'keycloak', 'redis', 'redis-sentinel', 'node-exporter'] },
    { name: 'vm4', role: 'data', size: 'data', purpose: 'Spark master and worker 1', services: ['spark-master', grow('spark-worker'), 'node-exporter'] },
    { name: 'vm5', role: 'data', size: 'data', purpose: 'Spark worker 2', services: [grow('spark-worker'), 'node-exporter'] },
    { name: 'vm6', role: 'data', size: 'data', purpose: 'ClickHouse replica 1 and Keeper', services: [grow('clickhouse'), 'clickhouse-keeper', 'node-exporter'] },
    { name: 'vm7', role: 'data', size: 'data', purpose: 'ClickHouse replica 2 and Keeper', services: [grow('clickhouse'), 'clickhouse-keeper', 'node-exporter'] },
    { name: 'vm8', role: 'data', size: 'data', purpose: 'Trino worker 1', services: [grow('trino-worker'), 'node-exporter'] },
    { name: 'vm9', role: 'data', size: 'data', purpose: 'Airflow 1 (scheduler, webserver, worker)', services: ['airflow-scheduler', 'airflow-webserver', grow('airflow-worker'), 'node-exporter'] },
    { name: 'vm10', role: 'control', size: 'control', purpose: 'monitoring (Prometheus, Grafana, Loki, Alertmanager)', services: [grow('prometheus'), 'grafana', grow('loki'), 'alertmanager', 'node-exporter'] },
    { name: 'vm11', role: 'control', size: 'control', purpose: 'Kafka broker 1, Schema Registry, Kafka Connect', services: [grow('kafka'), 'schema-registry', 'kafka-connect', 'node-exporter'] },
    { name: 'vm12', role: 'control', size: 'control', purpose: 'Kafka broker 2, Schema Registry, Kafka Connect', services: [grow('kafka'), 'schema-registry', 'kafka-connect', 'node-exporter'] },
    { name: 'vm13', role: 'control', size: 'control', purpose: 'Kafka broker 3, Schema Registry', services: [grow('kafka'), 'schema-registry', 'node-exporter'] },
    { name: 'vm14', role: 'data', size: 'data', purpose: 'ClickHouse replica 3 and Keeper', services: [grow('clickhouse'), 'clickhouse-keeper', 'node-exporter'] },
    { name: 'vm15', role: 'data', size: 'data', purpose: 'Trino coordinator', services: [grow('trino-coordinator'), 'node-exporter'] },
    { name: 'vm16', role: 'data', size: 'data', purpose: 'Trino worker 2', services: [grow('trino-worker'), 'node-exporter'] },
    { name: 'vm17', role: 'data', size: 'data', purpose: 'Flink JobManager and TaskManager 1', services: ['flink-jobmanager', grow('flink-taskmanager'), 'node-exporter'] },
    { name: 'vm18', role: 'data', size: 'data', purpose: 'Flink TaskManager 2', services: [grow('flink-taskmanager'), 'node-exporter'] },
    { name: 'vm19', role: 'data', size: 'data', purpose: 'Spark worker 3', services: [grow('spark-worker'), 'node-exporter'] },
    { name: 'vm20', role: 'data', size: 'data', purpose: 'notebooks and BI (JupyterHub, Superset, MLflow), Airflow 2', services: ['airflow-scheduler', 'airflow-webserver', grow('airflow-worker'), grow('jupyterhub', 2), 'superset', 'mlflow', 'node-exporter'] },
  ],
};
