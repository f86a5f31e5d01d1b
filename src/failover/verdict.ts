import { claimOverlaps, firstNewHolder, type ClaimSample } from './claims.js';
import type { FaultTarget } from './faults.js';
import { countOutcomes, recoveryMs, verifyWrites } from './ops.js';
import type { ScenarioDef } from './scenarios.js';
import type { ClaimOverlap, ClientResult, OpRecord, ScenarioResult } from './types.js';

/** Everything one scenario saw, before it is judged. */
export interface Observation {
  def: ScenarioDef;
  holderName: string;
  began: number;
  ended?: number;
  target?: FaultTarget;
  action?: string;
  /** When the fault was injected (just before the command): the origin of every measured time. */
  faultAt?: number;
  clients: Array<{ name: string; records: OpRecord[]; present?: number[]; readBackError?: string }>;
  samples: ClaimSample[];
  /** The claim whose move is the service's own leader change (the kit's claim). */
  claim?: string;
  /** The kit's words for the role moving ("new primary"). */
  changeName?: string;
  /** Everything watched for two holders at once. */
  exclusiveClaims?: string[];
  error?: string;
  restored: boolean;
  restoreError?: string;
  manualRestore?: string;
  reasons: string[];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;


/** Judges one scenario: measured time against the target, no acknowledged write lost, nothing phantom, one holder at a time, restored. */
export function scenarioResult(observation: Observation): ScenarioResult {
  const { def, faultAt } = observation;
  const reasons = [...observation.reasons];
  const clients: ClientResult[] = observation.clients.map((client) => {
    const result: ClientResult = { name: client.name, ops: countOutcomes(client.records) };
    if (faultAt !== undefined) {
      const recovered = recoveryMs(client.records, faultAt);
      if (recovered !== undefined) result.recoveredMs = Math.round(recovered);
    }
    if (client.present) result.verify = verifyWrites(client.records, client.present);
    if (client.readBackError) result.readBackError = client.readBackError;
    return result;
  });
  const injected = faultAt !== undefined && observation.error === undefined;
  const measuredMs = injected && clients.length > 0 && clients.every((c) => c.recoveredMs !== undefined) ? Math.max(...clients.map((c) => c.recoveredMs!)) : undefined;
  const lostWrites = clients.reduce((sum, c) => sum + (c.verify?.lost.length ?? 0), 0);
  const phantomWrites = clients.reduce((sum, c) => sum + (c.verify?.phantom.length ?? 0), 0);
  const origin = faultAt ?? observation.began;
  const splitBrain: ClaimOverlap[] = (observation.exclusiveClaims ?? []).flatMap((claim) => claimOverlaps(observation.samples, claim, origin));

  let leaderChange: ScenarioResult['leaderChange'];
  if (faultAt !== undefined && observation.target && observation.claim) {
    const moved = firstNewHolder(observation.samples, observation.claim, observation.target.host, faultAt);
    if (moved) leaderChange = { ms: Math.round(moved.at - faultAt), to: moved.host, what: observation.changeName ?? `${observation.claim} moved` };
  }

  if (observation.error) reasons.push(observation.error);
  if (injected && measuredMs === undefined) {
    const stuck = clients.filter((c) => c.recoveredMs === undefined).map((c) => c.name);
    reasons.push(`not served again after the fault: ${stuck.join(', ')}`);
  }
  if (measuredMs !== undefined && measuredMs >= def.targetMs) reasons.push(`${seconds(measuredMs)} is over the target ${seconds(def.targetMs)}`);
  for (const client of clients) {
    if (client.verify?.lost.length) reasons.push(`${client.name}: ${client.verify.lost.length} acknowledged writes lost (seq ${client.verify.lost.slice(0, 10).join(', ')})`);
    if (client.verify?.phantom.length) reasons.push(`${client.name}: ${client.verify.phantom.length} writes present that were never acknowledged (seq ${client.verify.phantom.slice(0, 10).join(', ')})`);
    if (client.readBackError) reasons.push(`${client.name}: could not read the writes back: ${client.readBackError}`);
  }
  for (const overlap of splitBrain) reasons.push(`split brain: ${overlap.claim} held by ${overlap.hosts.join(' and ')} from ${seconds(overlap.fromMs)} to ${seconds(overlap.toMs)} after the fault`);
  if (!observation.restored) reasons.push(`restore failed: ${observation.restoreError ?? 'unknown'}`);

  const verdict = observation.error ? 'error' : reasons.length === 0 ? 'pass' : 'fail';
  const result: ScenarioResult = {
    service: def.service,
    fault: def.fault,
    host: observation.target?.host ?? '-',
    action: observation.action ?? '-',
    targetMs: def.targetMs,
    specTargetMs: def.specTargetMs,
    clients,
    lostWrites,
    phantomWrites,
    splitBrain,
    restored: observation.restored,
    verdict,
    reasons,
    startedAt: new Date(observation.began).toISOString(),
    durationMs: Math.round((observation.ended ?? observation.began) - observation.began),
  };
  if (measuredMs !== undefined) result.measuredMs = measuredMs;
  if (leaderChange) result.leaderChange = leaderChange;
  if (observation.manualRestore) result.manualRestore = observation.manualRestore;
  return result;
}
