import type { Check, Resource } from '../resource.js';
import { call } from '../shell.js';
import { file } from './file.js';
import { lines } from './observed.js';

/** A value to set, or a floor: a kernel already above it (e.g. a bigger vm.max_map_count) is fine. */
export type SysctlValue = string | number | { atLeast: number };

export interface SysctlSpec {
  /** Names the file: /etc/sysctl.d/60-datalyptica-<name>.conf. */
  name: string;
  values: Record<string, SysctlValue>;
}

function valueText(value: SysctlValue): string {
  return typeof value === 'object' ? String(value.atLeast) : String(value).trim().replace(/\s+/g, ' ');
}

function meets(effective: string, value: SysctlValue): boolean {
  if (typeof value === 'object') return Number(effective) >= value.atLeast;
  return effective.trim().replace(/\s+/g, ' ') === valueText(value);
}

/**
 * Kernel parameters persisted in /etc/sysctl.d and applied with `sysctl -p`. Inside a container
 * /proc/sys is read-only: a key that already meets the desired value is fine; one that does not
 * is a warning naming what the container host must set (never silent, never a failure).
 */
export function sysctl(spec: SysctlSpec): Resource {
  const path = `/etc/sysctl.d/60-datalyptica-${spec.name}.conf`;
  const keys = Object.keys(spec.values).sort();
  const content = `# Managed by datalyptica\n${keys.map((key) => `${key} = ${valueText(spec.values[key]!)}`).join('\n')}\n`;
  const persisted = file({ path, content });
  return {
    kind: 'sysctl',
    name: `sysctl ${spec.name}`,
    probe: [...persisted.probe, call('dl_sysctl', ...keys)],
    check(observed): Check {
      const [fileLine, ...rows] = lines(observed);
      const changes: string[] = [];
      const warnings: string[] = [];
      if (persisted.check(fileLine ?? '').status !== 'ok') changes.push(`${path} content`);
      for (const row of rows) {
        const [key = '', access, ...rest] = row.split(' ');
        const value = spec.values[key];
        if (value === undefined) continue;
        const effective = rest.join(' ');
        if (access === 'missing') warnings.push(`${key} does not exist on this kernel`);
        else if (!meets(effective, value)) {
          if (access === 'rw') changes.push(`${key} ${effective} -> ${valueText(value)}`);
          else warnings.push(`${key} is ${effective}, read-only here: the container host must set ${key}=${valueText(value)}`);
        }
      }
      if (changes.length > 0) return { status: 'change', detail: changes.join(', ') };
      if (warnings.length > 0) return { status: 'warning', detail: warnings.join('; ') };
      return { status: 'ok' };
    },
    async apply(ctx, observed) {
      const [fileLine = ''] = lines(observed);
      if (persisted.check(fileLine).status !== 'ok') await persisted.apply(ctx, fileLine);
      await ctx.run([call('dl_sysctl_load', path)], `sysctl -p ${path}`);
    },
  };
}
