import type { PlacedService } from '../../catalog/types.js';
import type { HostFacts, ListeningSocket } from '../parse-facts.js';
import type { CheckOutcome } from '../types.js';
import { processLooksLike } from './process-names.js';

interface Conflict {
  port: number;
  protocol: 'tcp' | 'udp';
  service: PlacedService;
  holders: ListeningSocket[];
}

function holderNames(conflict: Conflict): string {
  const names = [...new Set(conflict.holders.flatMap((h) => h.processes.map((p) => `${p.name} (pid ${p.pid})`)))];
  return names.length > 0 ? names.join(', ') : 'an unknown process';
}

/**
 * Every port the host's services will listen on must be free. A port held by a process that
 * looks like the very service (an earlier install) is a warning; anything else is a fail.
 * Any listener on the port counts, whatever its address: a service binding the wildcard
 * address cannot share the port with it.
 */
export function checkPorts(placed: readonly PlacedService[], facts: HostFacts): CheckOutcome {
  const wanted = placed.flatMap((instance) => instance.ports.map((port) => ({ port: port.port, protocol: port.protocol ?? 'tcp', service: instance })));
  if (wanted.length === 0) return { status: 'pass', detail: 'no services placed on this host' };
  if (!facts.listeners) return { status: 'warn', detail: `cannot list listening sockets: ss is not installed`, fix: 'install iproute2 (ss) on the host' };
  const conflicts: Conflict[] = [];
  for (const want of wanted) {
    const holders = facts.listeners.filter((socket) => socket.port === want.port && socket.protocol === want.protocol);
    if (holders.length > 0) conflicts.push({ ...want, holders });
  }
  const free = `${wanted.length - conflicts.length} of ${wanted.length} ports free`;
  if (conflicts.length === 0) return { status: 'pass', detail: `${wanted.length} ports free` };
  const foreign = conflicts.filter((c) => !c.holders.every((h) => h.processes.length > 0 && h.processes.every((p) => processLooksLike(p.name, c.service.service))));
  const describe = (c: Conflict) => `${c.port}/${c.protocol} (${c.service.service.id}) in use by ${holderNames(c)}`;
  if (foreign.length === 0) {
    return { status: 'warn', detail: `${free}; ${conflicts.map(describe).join('; ')}: already installed?`, fix: 'nothing to do if these are the services from an earlier install' };
  }
  const unseen = !facts.listenersPrivileged && foreign.some((c) => c.holders.some((h) => h.processes.length === 0));
  return {
    status: 'fail',
    detail: `${free}; ${foreign.map(describe).join('; ')}`,
    fix: `${foreign.map((c) => `free port ${c.port}: stop ${holderNames(c)}`).join('; ')}${unseen ? ' (run check with a user that may sudo to see the process names)' : ''}`,
  };
}
