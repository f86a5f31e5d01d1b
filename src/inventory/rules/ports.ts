import { portCollisions } from '../../catalog/index.js';
import { error, type Finding } from '../diagnostics.js';
import type { RuleContext } from './context.js';

/** Two service instances on one host never listen on the same port. */
export function portRules({ placed }: RuleContext): Finding[] {
  return portCollisions(placed).map((collision) => {
    const claims = collision.claims.map((claim) => `${claim.service}${claim.instance > 0 ? `#${claim.instance + 1}` : ''} (${claim.portName})`);
    const last = collision.claims.at(-1);
    const suggestion = last ? `move one, e.g. ports: { ${last.portName}: <free port> } on ${last.service}` : 'move one of them';
    return error(
      'E_PORT_COLLISION',
      last?.source ?? ['hosts'],
      `${collision.host}: port ${collision.port}/${collision.protocol} is claimed by ${claims.slice(0, -1).join(', ')} and ${claims.at(-1) ?? ''}`,
      suggestion,
    );
  });
}
