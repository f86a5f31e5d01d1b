import { DatalypticaError } from '../core/errors.js';

/**
 * The timing values phases 2 and 3 ship, in one place because they only make sense together.
 * Targets (the lab measures them): PostgreSQL leader stopped cleanly < 5 s, killed or powered
 * off < 25 s (spec: < 30 s); etcd writable again < 3 s after its leader dies; the HAProxy VIP
 * moves < 1 s when keepalived stops and < 2 s when its host powers off.
 */

/**
 * etcd: followers start an election after a randomised 1-2 x the election timeout without a
 * heartbeat, so a killed leader is replaced in at most ~2.1 s (< 3 s). 100 ms heartbeats are
 * etcd's default and ~100x a LAN round trip; going lower buys little and makes a busy VM
 * (fsync stalls) trigger needless elections. A clean stop hands leadership over at once.
 */
export const ETCD_TIMING = { heartbeatMs: 100, electionMs: 1000 } as const;

/**
 * Patroni. ttl 20 is the smallest Patroni accepts (newer releases refuse less). Patroni must
 * be able to demote itself before its leader key expires, which it guarantees only when
 * loop_wait + 2 * retry_timeout <= ttl: 2 + 2 * 8 = 18 <= 20.
 * - loop_wait 2: the HA loop (leader key refresh, health) runs every 2 s; replicas also watch
 *   the leader key, so they react to its deletion or expiry at once rather than a loop later.
 * - retry_timeout 8: DCS and PostgreSQL operations are retried for 8 s before the leader
 *   demotes itself: long enough to ride out an etcd leader election (~2 s), short enough for
 *   the inequality above.
 * Clean stop: the leader deletes its key, the sync standby promotes within ~1 s, HAProxy sees
 * /primary answer 200 within its down-interval: ~2 s (< 5 s). Hard kill or power-off: the key
 * expires 18-20 s after the last refresh, then ~1 s promotion + HAProxy: ~22 s (< 25 s).
 */
export const PATRONI_TIMING = { ttl: 20, loopWait: 2, retryTimeout: 8 } as const;

/**
 * HAProxy's Patroni checks: every 1 s while stable; after a first failure (fastinter) every
 * 250 ms, so two failures (fall 2) mark a dead primary down in ~1.25 s; a down server is polled
 * every 500 ms (downinter) and one success (rise 1) brings the new primary in: Patroni's
 * /primary only answers 200 on the member that holds the leader key, so there is no flapping
 * for rise 2 to filter. `timeout check` stays under the interval.
 */
export const HAPROXY_CHECK_TIMING = { interMs: 1000, fastInterMs: 250, downInterMs: 500, fall: 2, rise: 1, timeoutCheckMs: 800 } as const;

/**
 * keepalived, VRRP version 3 (RFC 5798) because only v3 has sub-second adverts. A backup
 * takes over after the master-down interval 3 * advert_int + skew, skew = (256 - priority) *
 * advert_int / 256: with 0.3 s that is 0.9 s + <= 0.3 s ~ 1.2 s on power-off (< 2 s); a
 * stopping keepalived sends priority 0 and the backup takes over after the skew (~0.2 s,
 * < 1 s). 0.3 s rather than 0.1 s keeps a starved VM (the lab runs five on two cores) from
 * missing three adverts in a row and flapping the VIP.
 */
export const KEEPALIVED_TIMING = { advertIntSeconds: 0.3, checkIntervalSeconds: 1, checkFall: 2, checkRise: 1 } as const;

/** vip-manager polls the leader key; 500 ms keeps the PostgreSQL VIP within a second of the leader. */
export const VIP_MANAGER_TIMING = { intervalMs: 500, retryAfterMs: 250, retryNum: 3 } as const;

/** Refuses Patroni settings under which a leader could lose its key before demoting itself. */
export function checkPatroniTiming(timing: { ttl: number; loopWait: number; retryTimeout: number }): void {
  if (timing.ttl < 20 || timing.loopWait + 2 * timing.retryTimeout > timing.ttl) {
    throw new DatalypticaError('E_CONFIG_PATRONI_TIMING', `Patroni ttl ${timing.ttl}, loop_wait ${timing.loopWait}, retry_timeout ${timing.retryTimeout} are unsafe`, {
      hint: 'Patroni needs ttl >= 20 and loop_wait + 2 * retry_timeout <= ttl',
    });
  }
}
