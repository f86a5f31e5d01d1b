/** What every module's configuration asks: who runs what (Topology) and facts read from hosts. */
export type { HostFacts, OsFamily } from './facts.js';
export { majorVersion, portOf, Topology } from './topology.js';
