import type { ProbeOutput } from '../../src/health/types.js';

/**
 * Tool outputs for any cluster state a test needs (etcdctl 3.4 `endpoint status -w json`,
 * Patroni 3.0 GET /patroni and /cluster, HAProxy 2.6 `show stat`), shaped exactly like the
 * real answers in ./captures (which probes.test.ts and lab-capture.test.ts parse as they are).
 */

/** 64-bit member ids that differ only in the last digits: JSON.parse would round them to one number. */
export const ETCD_IDS: Record<string, string> = { vm1: '10276657743932975437', vm2: '10276657743932975438', vm3: '10276657743932975439' };
const CLUSTER_ID = '14841639068965178418';

export function etcdStatus(host: string, leader: string | undefined, term = 3): ProbeOutput {
  const leaderId = leader === undefined ? '0' : ETCD_IDS[leader]!;
  const address = `198.18.1.${10 + Number(host.slice(2))}`;
  return {
    code: 0,
    stdout: `[{"Endpoint":"https://${address}:2379","Status":{"header":{"cluster_id":${CLUSTER_ID},"member_id":${ETCD_IDS[host]},"revision":12,"raft_term":${term}},"version":"3.4.23","dbSize":20480,"leader":${leaderId},"raftIndex":27,"raftTerm":${term},"raftAppliedIndex":27,"dbSizeInUse":20480}}]\n`,
  };
}

/** What etcdctl 3.4 prints when the member refuses (captures/etcd-3.4.23-refused.txt): the refusal is in the log line, the conclusion says "deadline exceeded". */
export function etcdRefused(host: string): ProbeOutput {
  const address = `198.18.1.${10 + Number(host.slice(2))}`;
  return {
    code: 1,
    stdout: `{"level":"warn","ts":"2024-05-01T10:00:00.000Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-1/${address}:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = \\"transport: Error while dialing dial tcp ${address}:2379: connect: connection refused\\""}\nFailed to get the status of endpoint https://${address}:2379 (context deadline exceeded)\n`,
  };
}

export type PatroniRole = 'leader' | 'sync_standby' | 'replica';

const SEPARATOR = '--datalyptica-next--';

/** One curl run over /patroni and /cluster as the Patroni check makes it. */
export function patroniAnswer(host: string, roles: Record<string, PatroniRole | 'stopped'>, lag: Record<string, number | 'unknown'> = {}, timeline = 1): ProbeOutput {
  const role = roles[host];
  const self =
    role === 'leader'
      ? {
          state: 'running',
          postmaster_start_time: '2024-05-01 10:00:00.000000+00:00',
          role: 'master',
          server_version: 150005,
          xlog: { location: 67108960 },
          timeline,
          replication: Object.entries(roles)
            .filter(([, r]) => r === 'sync_standby' || r === 'replica')
            .map(([name, r]) => ({ usename: 'replicator', application_name: name, client_addr: `198.18.1.${10 + Number(name.slice(2))}`, state: 'streaming', sync_state: r === 'sync_standby' ? 'sync' : 'async', sync_priority: r === 'sync_standby' ? 1 : 0 })),
          dcs_last_seen: 1714557600,
          database_system_identifier: '7364138153419350000',
          patroni: { version: '3.0.2', scope: 'lab' },
        }
      : {
          state: 'running',
          postmaster_start_time: '2024-05-01 10:00:05.000000+00:00',
          role: 'replica',
          server_version: 150005,
          xlog: { received_location: 67108960, replayed_location: 67108960, replayed_timestamp: null, paused: false },
          ...(role === 'sync_standby' ? { sync_standby: true } : {}),
          timeline,
          dcs_last_seen: 1714557600,
          database_system_identifier: '7364138153419350000',
          patroni: { version: '3.0.2', scope: 'lab' },
        };
  const members = Object.entries(roles)
    .filter(([, r]) => r !== 'stopped')
    .map(([name, r]) => ({
      name,
      role: r,
      state: 'running',
      api_url: `https://198.18.1.${10 + Number(name.slice(2))}:8008/patroni`,
      host: `198.18.1.${10 + Number(name.slice(2))}`,
      port: 5432,
      timeline,
      ...(r === 'leader' ? {} : { lag: lag[name] ?? 0 }),
    }));
  return { code: 0, stdout: `${JSON.stringify(self)}\n${SEPARATOR}\n${JSON.stringify({ members, scope: 'lab' })}\n${SEPARATOR}` };
}

export function patroniRefused(host: string): ProbeOutput {
  const line = `curl: (7) Failed to connect to 198.18.1.${10 + Number(host.slice(2))} port 8008 after 0 ms: Couldn't connect to server`;
  return { code: 7, stdout: `${line}\n${line}\n\n${SEPARATOR}\n\n${SEPARATOR}` };
}

const STAT_COLUMNS =
  'pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo'.split(
    ',',
  );

function statRow(values: Record<string, string>): string {
  return STAT_COLUMNS.map((column) => values[column] ?? '').join(',');
}

/** `show stat` of the phase 2 config: the stats page, then the primary and replica listeners (UP/DOWN per server). */
export function haproxyStat(leader: string, replicasUp: string[], members = ['vm1', 'vm2', 'vm3']): ProbeOutput {
  const rows = [
    statRow({ pxname: 'stats', svname: 'FRONTEND', status: 'OPEN', type: '0', mode: 'http' }),
    statRow({ pxname: 'stats', svname: 'BACKEND', status: 'UP', type: '1', mode: 'http' }),
  ];
  for (const [listener, up] of [
    ['postgresql-primary', [leader]],
    ['postgresql-replicas', replicasUp],
  ] as const) {
    rows.push(statRow({ pxname: listener, svname: 'FRONTEND', status: 'OPEN', type: '0', mode: 'tcp' }));
    for (const member of members) {
      const isUp = up.includes(member);
      rows.push(
        statRow({
          pxname: listener,
          svname: member,
          status: isUp ? 'UP' : 'DOWN',
          type: '2',
          check_status: isUp ? 'L7OK' : 'L7STS',
          check_code: isUp ? '200' : '503',
          addr: `198.18.1.${10 + Number(member.slice(2))}:5432`,
          mode: 'tcp',
        }),
      );
    }
    rows.push(statRow({ pxname: listener, svname: 'BACKEND', status: up.length > 0 ? 'UP' : 'DOWN', type: '1', mode: 'tcp' }));
  }
  return { code: 0, stdout: `# ${STAT_COLUMNS.join(',')}\n${rows.join('\n')}\n` };
}
