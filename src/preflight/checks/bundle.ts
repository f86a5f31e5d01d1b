import { checkBundle } from '../../artifacts/check-bundle.js';
import { hostReleases, type ReleaseNeed } from '../../artifacts/needs.js';
import { Topology } from '../../config/topology.js';
import { isDatalypticaError } from '../../core/errors.js';
import type { Inventory } from '../../inventory/model.js';
import type { ServiceModule } from '../../../phases/shared/module.js';
import type { CheckOutcome } from '../types.js';

const names = (needs: readonly ReleaseNeed[]) => needs.map((need) => `${need.component} ${need.version}`).join(', ');

/**
 * The offline bundle, judged per host before install: every release the modules on that host
 * declare is in artifacts.bundleDir's bundle.json, and its file is there with the recorded size
 * and sha256. Files are read once on this machine, whatever the number of hosts. A host whose
 * modules declare no release passes ("nothing needed").
 */
export async function judgeBundle(inventory: Inventory, modules: readonly ServiceModule[]): Promise<(host: string) => CheckOutcome> {
  const topology = new Topology(inventory);
  const perHost = new Map(inventory.hosts.map((host) => [host.name, hostReleases(host.name, modules, topology)]));
  const all = [...perHost.values()].flat();
  const nothing: CheckOutcome = { status: 'pass', detail: 'nothing needed from the bundle' };
  if (all.length === 0) return () => nothing;
  const dir = inventory.artifacts?.bundleDir;
  const fix = `datalyptica bundle --out ${dir ?? 'DIR'} (add --from-registries where the official downloads are unreachable)`;
  const verdict = (host: string, judge: (needs: ReleaseNeed[]) => CheckOutcome) => {
    const needs = perHost.get(host) ?? [];
    return needs.length === 0 ? nothing : judge(needs);
  };
  if (!dir) return (host) => verdict(host, (needs) => ({ status: 'fail', detail: `needs ${names(needs)} from a bundle, and the inventory sets no artifacts.bundleDir`, fix: `${fix}, then set artifacts.bundleDir` }));
  let check: Awaited<ReturnType<typeof checkBundle>>;
  try {
    check = await checkBundle(dir, all, { onlyNeeded: true });
  } catch (error) {
    if (!isDatalypticaError(error)) throw error;
    return (host) => verdict(host, (needs) => ({ status: 'fail', detail: `needs ${names(needs)}: ${error.message}`, fix }));
  }
  return (host) =>
    verdict(host, (needs) => {
      const absent = needs.filter((need) => check.absent.some((a) => a.component === need.component && a.version === need.version));
      const bad = check.entries.filter((entry) => entry.status !== 'ok' && needs.some((need) => need.component === entry.component && need.version === entry.version));
      if (absent.length === 0 && bad.length === 0) return { status: 'pass', detail: `${names(needs)} in ${dir}, sha256 verified` };
      const problems = [...(absent.length > 0 ? [`${dir} lacks ${names(absent)}`] : []), ...bad.map((entry) => entry.detail ?? `${entry.file}: ${entry.status}`)];
      return { status: 'fail', detail: problems.join('; '), fix };
    });
}
