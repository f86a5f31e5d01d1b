import type { ProbeTarget } from '../facts-script.js';
import type { ProbeResult } from '../parse-facts.js';
import type { CheckOutcome } from '../types.js';

/** curl exit codes of a TLS failure: the endpoint answered, but its certificate is not trusted here. */
const CURL_TLS_EXITS = new Set([35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91]);

/**
 * Reachability from the host, without credentials: any HTTP answer means the endpoint is
 * there (an S3 endpoint says 403 to anonymous requests, a mirror's root may say 404).
 */
export function checkEndpoint(target: ProbeTarget, setting: string, probe: ProbeResult | undefined): CheckOutcome {
  const unreachableFix = `make ${target.host}:${target.port} reachable from the host (firewall, route, DNS), or correct ${setting}`;
  if (!probe) return { status: 'fail', detail: `no probe result for ${target.url}`, fix: 'run check with -v and report this' };
  if (probe.tool === 'none') return { status: 'warn', detail: `cannot test ${target.url}: neither curl nor bash on the host`, fix: 'install curl on the host' };
  if (probe.tool === 'tcp') {
    return probe.exit === 0
      ? { status: 'pass', detail: `TCP ${target.host}:${target.port} open (curl missing: HTTP not tested)` }
      : { status: 'fail', detail: `${target.host}:${target.port} unreachable: ${probe.error ?? `exit ${probe.exit}`}`, fix: unreachableFix };
  }
  if (probe.httpCode > 0) {
    return probe.httpCode >= 500
      ? { status: 'warn', detail: `${target.url} answers HTTP ${probe.httpCode}`, fix: `check the service behind ${target.url}` }
      : { status: 'pass', detail: `${target.url} answers HTTP ${probe.httpCode}` };
  }
  if (CURL_TLS_EXITS.has(probe.exit)) {
    return { status: 'warn', detail: `${target.url} reachable, but TLS failed: ${probe.error ?? `curl exit ${probe.exit}`}`, fix: `trust the CA of ${target.host}'s certificate on the host` };
  }
  return { status: 'fail', detail: `${target.url} unreachable: ${probe.error ?? `curl exit ${probe.exit}`}`, fix: unreachableFix };
}
