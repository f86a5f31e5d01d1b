import type { Phase } from '../../src/engine/phase.js';
import { modulePhase } from '../shared/phase.js';
import { etcdModule } from './etcd/index.js';
import { haproxyModule } from './haproxy/index.js';
import { keepalivedModule } from './keepalived/index.js';

/** The spec's phase 2: etcd on the control plane, HAProxy behind the keepalived VIP. */
export const coordination: Phase = modulePhase({
  id: 2,
  title: 'Coordination: etcd, HAProxy, keepalived',
  gateName: 'etcd quorum and the HAProxy VIP',
  modules: [etcdModule, haproxyModule, keepalivedModule],
});
