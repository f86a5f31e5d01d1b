import type { HealthOf, HealthProbe } from '../src/health/types.js';
import { etcdModule } from './02-coordination/etcd/index.js';
import { haproxyModule } from './02-coordination/haproxy/index.js';
import { keepalivedModule } from './02-coordination/keepalived/index.js';
import { postgresqlModule } from './03-data/postgresql/index.js';
import { vipManagerModule } from './03-data/vip-manager/index.js';
import type { ServiceModule } from './shared/module.js';

/** Every service module, one line each: adding a service adds its line here. */
export const SERVICE_MODULES: readonly ServiceModule[] = [etcdModule, haproxyModule, keepalivedModule, postgresqlModule, vipManagerModule];

const PROBES = new Map<string, HealthProbe>(SERVICE_MODULES.flatMap((module) => Object.entries(module.probes)));

/** A service's health probe as its module declares it: what status shows, gates wait for and failover-test watches. */
export const healthOf: HealthOf = (serviceId) => PROBES.get(serviceId);
