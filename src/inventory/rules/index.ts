import { accessRules } from './access.js';
import { artifactRules } from './artifacts.js';
import type { Rule } from './context.js';
import { uniqueHosts } from './hosts.js';
import { addressesInNetworks } from './networks.js';
import { disabledServices, placementHosts, placementNames } from './placement.js';
import { portRules } from './ports.js';
import { quorumRules } from './quorum.js';
import { budgetRules, minimumSpecRules } from './resources.js';
import { vipRules } from './vips.js';

/** Rules over the inventory as written, run once the schema passed and defaults were applied. */
export const inventoryRules: Rule[] = [uniqueHosts, addressesInNetworks, vipRules, placementNames, minimumSpecRules, accessRules, artifactRules];

/**
 * Rules over the placed services. Placement keys instances by host name, so they only run
 * when host names are unique (otherwise every service of a duplicated host "collides").
 */
export const placementRules: Rule[] = [placementHosts, disabledServices, quorumRules, portRules, budgetRules];
