import type { FailoverDecl } from '../src/failover/kit.js';
import type { HealthOf } from '../src/health/types.js';
import { etcdModule } from './02-coordination/etcd/index.js';
import { haproxyModule } from './02-coordination/haproxy/index.js';
import { keepalivedModule } from './02-coordination/keepalived/index.js';
import { postgresqlModule } from './03-data/postgresql/index.js';
import { vipManagerModule } from './03-data/vip-manager/index.js';
import { kafkaModule } from './04-streaming/kafka/index.js';
import { kafkaConnectModule } from './04-streaming/kafka-connect/index.js';
import { schemaRegistryModule } from './04-streaming/schema-registry/index.js';
import { icebergJdbcModule } from './05-catalog/jdbc-catalog/index.js';
import type { ServiceModule } from './shared/module.js';

/**
 * Every service module, one line each: adding a service adds its line here. A function, not a
 * constant, because modules read the registry too (the host certificate gathers every module's
 * names) and ES modules that import each other must not use each other while loading.
 */
export function serviceModules(): readonly ServiceModule[] {
  return [etcdModule, haproxyModule, keepalivedModule, postgresqlModule, vipManagerModule, kafkaModule, kafkaConnectModule, schemaRegistryModule, icebergJdbcModule];
}

/** A service's health probe as its module declares it: what status shows, gates wait for and failover-test watches. */
export const healthOf: HealthOf = (serviceId) => {
  for (const module of serviceModules()) {
    const probe = module.probes[serviceId];
    if (probe) return probe;
  }
  return undefined;
};

/** The failover declarations of every module that has one, in registry order. */
export function failoverDecls(): FailoverDecl[] {
  return serviceModules().flatMap((module) => (module.failover ? [module.failover] : []));
}
