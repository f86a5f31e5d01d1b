import type { Resource } from '../resource.js';
import { file } from './file.js';

export interface LimitEntry {
  /** A user, `@group` or `*`. */
  domain: string;
  type: 'soft' | 'hard' | '-';
  item: string;
  value: string | number;
}

/** PAM limits in /etc/security/limits.d/60-datalyptica-<name>.conf. */
export function limits(spec: { name: string; entries: LimitEntry[] }): Resource {
  const body = spec.entries.map((entry) => `${entry.domain} ${entry.type} ${entry.item} ${entry.value}`).join('\n');
  const resource = file({ path: `/etc/security/limits.d/60-datalyptica-${spec.name}.conf`, content: `# Managed by datalyptica\n${body}\n` });
  return { ...resource, kind: 'limits', name: `limits ${spec.name}` };
}
