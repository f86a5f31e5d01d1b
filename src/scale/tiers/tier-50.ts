import { grow, type TierHost, type TierLayout, type TierService } from './types.js';

/**
 * 20 -> 50 VMs: "full enterprise architecture, complete redundancy for all components,
 * geographic distribution ready". Every host of the 20-VM tier keeps its main service; what
 * still shared a host moves out, and every single instance gets a second:
 *
 * - vm1-vm3 keep PostgreSQL/Patroni, etcd, HAProxy and the Sentinels; Nessie and Keycloak
 *   move to vm25-vm27, Redis to vm28-vm30.
 * - Kafka grows to the spec's full-deployment 5 brokers (vm11-vm13, vm21, vm22; a KRaft quorum
 *   of 5 survives two failures); Schema Registry and Kafka Connect get vm23 and vm24.
 * - Spark: the full deployment's 4 dedicated workers (vm4, vm5, vm19, vm31) and two masters
 *   (vm32, vm33). Flink: JobManagers on vm17 and vm34, 4 TaskManagers (vm18, vm35-vm37).
 *   Standby masters and JobManagers take over automatically only with ZooKeeper-style
 *   leader election, which this catalog does not install: until then they are warm standbys.
 * - Trino: coordinators on vm15 and vm38 (active/standby behind HAProxy), the full
 *   deployment's 3 dedicated workers (vm8, vm16, vm39).
 * - ClickHouse: 4 servers (2 shards x 2 replicas: vm6, vm7, vm14, vm40) and 3 dedicated Keepers
 *   (vm41-vm43), ClickHouse's recommendation once Keeper load grows with the replicas.
 * - Airflow: schedulers and webservers on vm9 and vm44, workers on vm45 and vm46.
 * - Notebooks/BI: vm20 (JupyterHub, Superset, MLflow) and vm47 (Superset, MLflow).
 * - Monitoring: Prometheus and Alertmanager pairs on vm10 and vm48, Grafana and Loki on vm49
 *   and vm50 (two Lokis need the object storage backend to share their chunks).
 */
const c = (name: string, purpose: string, services: TierService[]): TierHost => ({ name, role: 'control', size: 'control', purpose, services: [...services, 'node-exporter'] });
const d = (name: string, purpose: string, services: TierService[]): TierHost => ({ name, role: 'data', size: 'data', purpose, services: [...services, 'node-exporter'] });
const core = ['haproxy', 'keepalived', 'etcd', 'postgresql', 'patroni', 'vip-manager', 'redis-sentinel'];

export const TIER_50: TierLayout = {
  vms: 50,
  summary: [
    'full enterprise architecture: every service type on its own VMs',
    "complete redundancy: a second instance of every single service, the full deployment's 5 Kafka brokers, 4 Spark workers, 4 Flink TaskManagers, 3 Trino workers",
    'ClickHouse as 2 shards x 2 replicas with 3 dedicated Keepers',
  ],
  hosts: [
    c('vm1', 'PostgreSQL 1, etcd, HAProxy', core),
    c('vm2', 'PostgreSQL 2, etcd, HAProxy', core),
    c('vm3', 'PostgreSQL 3, etcd, HAProxy', core),
    d('vm4', 'Spark worker 1', [grow('spark-worker')]),
    d('vm5', 'Spark worker 2', [grow('spark-worker')]),
    d('vm6', 'ClickHouse shard 1 replica 1', [grow('clickhouse')]),
    d('vm7', 'ClickHouse shard 1 replica 2', [grow('clickhouse')]),
    d('vm8', 'Trino worker 1', [grow('trino-worker')]),
    d('vm9', 'Airflow scheduler and webserver 1', [grow('airflow-scheduler'), 'airflow-webserver']),
    c('vm10', 'Prometheus and Alertmanager 1', [grow('prometheus'), 'alertmanager']),
    c('vm11', 'Kafka broker 1', [grow('kafka')]),
    c('vm12', 'Kafka broker 2', [grow('kafka')]),
    c('vm13', 'Kafka broker 3', [grow('kafka')]),
    d('vm14', 'ClickHouse shard 2 replica 1', [grow('clickhouse')]),
    d('vm15', 'Trino coordinator 1 (active)', [grow('trino-coordinator')]),
    d('vm16', 'Trino worker 2', [grow('trino-worker')]),
    d('vm17', 'Flink JobManager 1', [grow('flink-jobmanager')]),
    d('vm18', 'Flink TaskManager 1', [grow('flink-taskmanager')]),
    d('vm19', 'Spark worker 3', [grow('spark-worker')]),
    d('vm20', 'JupyterHub, Superset and MLflow 1', [grow('jupyterhub', 2), 'superset', 'mlflow']),
    c('vm21', 'Kafka broker 4', [grow('kafka')]),
    c('vm22', 'Kafka broker 5', [grow('kafka')]),
    c('vm23', 'Schema Registry and Kafka Connect 1', ['schema-registry', grow('kafka-connect')]),
    c('vm24', 'Schema Registry and Kafka Connect 2', ['schema-registry', grow('kafka-connect')]),
    c('vm25', 'Nessie and Keycloak 1', ['nessie', 'keycloak']),
    c('vm26', 'Nessie and Keycloak 2', ['nessie', 'keycloak']),
    c('vm27', 'Nessie and Keycloak 3', ['nessie', 'keycloak']),
    c('vm28', 'Redis 1', [grow('redis')]),
    c('vm29', 'Redis 2', [grow('redis')]),
    c('vm30', 'Redis 3', [grow('redis')]),
    d('vm31', 'Spark worker 4', [grow('spark-worker')]),
    c('vm32', 'Spark master 1 (active)', ['spark-master']),
    c('vm33', 'Spark master 2 (standby)', ['spark-master']),
    c('vm34', 'Flink JobManager 2 (standby)', ['flink-jobmanager']),
    d('vm35', 'Flink TaskManager 2', [grow('flink-taskmanager')]),
    d('vm36', 'Flink TaskManager 3', [grow('flink-taskmanager')]),
    d('vm37', 'Flink TaskManager 4', [grow('flink-taskmanager')]),
    d('vm38', 'Trino coordinator 2 (standby)', [grow('trino-coordinator')]),
    d('vm39', 'Trino worker 3', [grow('trino-worker')]),
    d('vm40', 'ClickHouse shard 2 replica 2', [grow('clickhouse')]),
    c('vm41', 'ClickHouse Keeper 1', ['clickhouse-keeper']),
    c('vm42', 'ClickHouse Keeper 2', ['clickhouse-keeper']),
    c('vm43', 'ClickHouse Keeper 3', ['clickhouse-keeper']),
    d('vm44', 'Airflow scheduler and webserver 2', [grow('airflow-scheduler'), 'airflow-webserver']),
    d('vm45', 'Airflow worker 1', [grow('airflow-worker')]),
    d('vm46', 'Airflow worker 2', [grow('airflow-worker')]),
    d('vm47', 'Superset and MLflow 2', [grow('superset'), 'mlflow']),
    c('vm48', 'Prometheus and Alertmanager 2', [grow('prometheus'), 'alertmanager']),
    c('vm49', 'Grafana and Loki 1', ['grafana', grow('loki')]),
    c('vm50', 'Grafana and Loki 2', ['grafana', grow('loki')]),
  ],
};
