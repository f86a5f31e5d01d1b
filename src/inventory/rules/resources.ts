import { hostBudget, SPEC_HOST_SIZES } from '../../catalog/index.js';
import { error, warning, type Finding } from '../diagnostics.js';
import type { RuleContext } from './context.js';

const gib = (mib: number) => `${Math.round((mib / 1024) * 10) / 10} GiB`;

/** Memory budget per host (error above 100 %, warning above 90 % of RAM less the OS reserve) and CPU over-subscription. */
export function budgetRules({ inventory, placed }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  hostBudget(inventory, placed).forEach((budget, index) => {
    const { memory, cpu } = budget;
    const memoryPath = ['hosts', index, 'resources', 'memoryGiB'];
    const usage = `${budget.host}: services need ${gib(memory.usedMiB)} of ${gib(memory.availableMiB)} available (${gib(memory.totalMiB)} less ${gib(memory.osReserveMiB)} for the OS), ${memory.percent}%`;
    if (memory.level === 'error') {
      findings.push(error('E_MEMORY_BUDGET', memoryPath, usage, 'add RAM, lower memoryMiB of some services, or move services to another host'));
    } else if (memory.level === 'warning') {
      findings.push(warning('W_MEMORY_BUDGET', memoryPath, usage, 'little headroom for page cache and peaks; consider more RAM'));
    }
    if (cpu.used > cpu.vcpu) {
      findings.push(warning('W_CPU_OVERSUBSCRIBED', ['hosts', index, 'resources', 'vcpu'], `${budget.host}: services want ${cpu.used} CPUs of ${cpu.vcpu} vCPU (${cpu.percent}%)`, 'acceptable while they do not peak together; watch CPU and scale out above 80% sustained'));
    }
  });
  return findings;
}

/** Hosts below the spec's "Minimum Acceptable Specifications" for their role. */
export function minimumSpecRules({ inventory }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  inventory.hosts.forEach((host, index) => {
    const minimum = SPEC_HOST_SIZES.minimum[host.role];
    const checks = [
      { key: 'vcpu', have: host.resources.vcpu, need: minimum.vcpu, unit: ' vCPU' },
      { key: 'memoryGiB', have: host.resources.memoryGiB, need: minimum.memoryGiB, unit: ' GiB RAM' },
      { key: 'diskGiB', have: host.resources.diskGiB, need: minimum.diskGiB, unit: ' GiB disk' },
    ];
    for (const check of checks) {
      if (check.have < check.need) {
        findings.push(warning('W_BELOW_MIN_SPEC', ['hosts', index, 'resources', check.key], `${host.name}: ${check.have}${check.unit} is below the spec's minimum of ${check.need}${check.unit} for a ${host.role} host`, 'fine for a lab or a trial; production needs the minimum or more'));
      }
    }
  });
  return findings;
}
