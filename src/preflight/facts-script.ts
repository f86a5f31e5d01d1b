import { shellQuote } from '../ssh/sudo.js';
import { PROBE_TIMEOUT_SECONDS } from './thresholds.js';

/** An endpoint a host must reach: probed with curl, or a bare TCP connect when curl is missing. */
export interface ProbeTarget {
  /** Key in the output (`probe.<key>.*`): letters, digits and dashes. */
  key: string;
  url: string;
  host: string;
  port: number;
}

/** The target of an http(s) URL, with the scheme's default port. */
export function probeTarget(key: string, url: string): ProbeTarget {
  const parsed = new URL(url);
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  return { key, url, host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

/**
 * One POSIX sh script that prints every fact `check` needs as key=value lines, so a host costs
 * one round trip. It runs as the SSH user and never fails as a whole: a missing tool just
 * leaves its facts out. The host's clock is read at the start and at the end; the midpoint
 * is compared with the midpoint of the round trip seen from here.
 */
export function factsScript(probes: readonly ProbeTarget[]): string {
  const lines = [
    'LC_ALL=C; export LC_ALL',
    'echo "time.start=$(date +%s.%N)"',
    '( . /etc/os-release 2>/dev/null; echo "os.id=$ID"; echo "os.id_like=$ID_LIKE"; echo "os.version_id=$VERSION_ID"; echo "os.pretty_name=$PRETTY_NAME" )',
    'echo "uid=$(id -u)"',
    'echo "nproc=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"',
    // cgroup v2 limits of the host's own cgroup: what a container or a VM slice really gets.
    'echo "cgroup.cpu_max=$(cat /sys/fs/cgroup/cpu.max 2>/dev/null)"',
    'echo "cgroup.memory_max=$(cat /sys/fs/cgroup/memory.max 2>/dev/null)"',
    'echo "mem.total_kb=$(awk \'/^MemTotal:/ {print $2}\' /proc/meminfo)"',
    // Before install /data may not exist yet: then the filesystem that will hold it is /'s.
    'd=/data; [ -e "$d" ] || d=/',
    'echo "data.path=$d"',
    'df -Pk "$d" 2>/dev/null | awk \'NR == 2 {print "data.device=" $1; print "data.size_kb=" $2; print "data.avail_kb=" $4; print "data.mount=" $6}\'',
    'ip -o addr show 2>/dev/null | sed \'s/^/addr=/\'',
    'if [ "$(id -u)" = 0 ]; then echo sudo=root; SUDO=',
    'elif out=$(sudo -n true 2>&1); then echo sudo=ok; SUDO="sudo -n"',
    'else echo sudo=fail; printf \'%s\\n\' "$out" | head -n 1 | sed \'s/^/sudo.error=/\'; SUDO=',
    'fi',
    // Process names of other users' sockets need root: through sudo when it works without a password.
    'if command -v ss >/dev/null 2>&1; then echo "listen.tool=ss${SUDO:+ (sudo)}"; $SUDO ss -Hlntup 2>/dev/null | sed \'s/^/listen=/\'; else echo listen.tool=none; fi',
    'echo "container=$(systemd-detect-virt -c 2>/dev/null)"',
    'echo "ntp.synchronized=$(timedatectl show -p NTPSynchronized --value 2>/dev/null)"',
    'probe() {',
    '  if command -v curl >/dev/null 2>&1; then',
    `    echo "probe.$1.tool=curl"; out=$(curl -sS -o /dev/null -w 'http_code=%{http_code}\\n' --max-time ${PROBE_TIMEOUT_SECONDS} "$2" 2>&1); rc=$?`,
    '  elif command -v bash >/dev/null 2>&1; then',
    `    echo "probe.$1.tool=tcp"; out=$(timeout ${PROBE_TIMEOUT_SECONDS} bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$3" "$4" 2>&1); rc=$?`,
    '  else echo "probe.$1.tool=none"; return 0; fi',
    '  echo "probe.$1.exit=$rc"; printf \'%s\\n\' "$out" | sed "s/^/probe.$1.out=/"',
    '}',
    ...probes.map((probe) => `probe ${probe.key} ${shellQuote(probe.url)} ${shellQuote(probe.host)} ${probe.port}`),
    'echo "time.end=$(date +%s.%N)"',
    'exit 0',
  ];
  return `${lines.join('\n')}\n`;
}
