import { ARTIFACT_RELEASES, releaseVersions } from '../../catalog/artifacts.js';
import { findService } from '../../catalog/services.js';
import { error, type Finding } from '../diagnostics.js';
import { suggestionHint } from '../did-you-mean.js';
import type { RuleContext } from './context.js';

/**
 * A version of a component the artifact manifest knows must be one of its releases (the bundle
 * can only fetch and verify what the manifest records), and an artifact override must name a
 * component the manifest has. The manifest is pure data: this rule costs validate no imports.
 */
export function artifactRules({ inventory }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const checkVersion = (component: string, version: string, path: string[], who = '') => {
    const known = releaseVersions(component);
    if (known.length > 0 && !known.includes(version)) {
      findings.push(error('E_ARTIFACT_VERSION', path, `${who}${component} ${version} is not in the artifact manifest (known: ${known.join(', ')})`, `use ${known.length === 1 ? known[0] : `one of ${known.join(', ')}`}`));
    }
  };
  for (const [component, version] of Object.entries(inventory.versions ?? {})) checkVersion(component, version, ['versions', component]);
  for (const [id, override] of Object.entries(inventory.services ?? {})) {
    const component = findService(id)?.component;
    if (component && override.version !== undefined) checkVersion(component, override.version, ['services', id, 'version'], `${id}: `);
  }
  const components = [...new Set(ARTIFACT_RELEASES.map((release) => release.component))];
  for (const component of Object.keys(inventory.artifacts?.overrides ?? {})) {
    if (!components.includes(component)) {
      findings.push({ ...error('E_UNKNOWN_ARTIFACT', ['artifacts', 'overrides', component], `artifacts.overrides: the artifact manifest has no component "${component}"`, suggestionHint(component, components, 'components')), atKey: true });
    }
  }
  return findings;
}
