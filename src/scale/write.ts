import { writeFileAtomic } from '../core/fs.js';
import { DatalypticaError } from '../core/errors.js';
import { inventoryToYaml } from '../inventory/layout-yaml.js';
import type { ScalePlan } from './types.js';

/** Writes the plan's next-tier inventory (the separate, effectful half of the plan). */
export async function writeNextInventory(plan: ScalePlan, file: string, write = writeFileAtomic): Promise<void> {
  if (!plan.nextInventory || !plan.next) {
    throw new DatalypticaError('E_SCALE_NO_NEXT_TIER', `cannot write ${file}: the cluster is at ${plan.currentTier.vms} VMs, the end of the spec's scaling path`, {
      hint: 'grow it by adding workers to the 50-VM layout by hand',
    });
  }
  const header = `# The ${plan.next.tier}-VM tier of cluster ${plan.cluster}, written by \`datalyptica scale-plan\`.\n# Check it with \`datalyptica validate -i ${file}\`; the plan lists the migration order.\n`;
  await write(file, header + inventoryToYaml(plan.nextInventory, { comments: false }));
}
