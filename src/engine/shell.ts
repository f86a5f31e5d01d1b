/**
 * The remote side of every resource is a call to one of the small POSIX-sh functions below
 * (the prelude), one call per line with single-quoted arguments. The same prelude is sent with
 * each script, so hosts need nothing installed; and the fake host used by the unit tests
 * (test/doubles/fake-host.ts) implements exactly these functions, so tests exercise the real scripts.
 *
 * Every child that might read stdin gets </dev/null: the script itself arrives on stdin (`sh -s`).
 */
export const PRELUDE = `export LC_ALL=C
dl_mark() { printf '\\n@@DL:%s:%s\\n' "$1" "$2"; }
dl_file() {
  if [ -d "$1" ]; then echo notfile
  elif [ -f "$1" ]; then echo "present $(sha256sum "$1" | cut -d' ' -f1) $(stat -c '%a %U %G' "$1")"
  elif [ -e "$1" ]; then echo notfile
  else echo absent; fi
}
dl_cat() { if [ -f "$1" ]; then base64 -w0 "$1"; fi; echo; }
dl_dir() { if [ -d "$1" ]; then echo "present $(stat -c '%a %U %G' "$1")"; elif [ -e "$1" ]; then echo notdir; else echo absent; fi; }
dl_exists() { if [ -e "$1" ]; then echo yes; else echo no; fi; }
dl_test() { if sh -c "$1" </dev/null >/dev/null 2>&1; then echo yes; else echo no; fi; }
dl_line() { if [ -f "$1" ]; then head -n1 "$1"; else echo absent; fi; }
dl_pkg() {
  if command -v dpkg-query >/dev/null 2>&1; then echo apt
    for p in "$@"; do v=$(dpkg-query -W -f='\${Status}|\${Version}' "$p" 2>/dev/null)
      case "$v" in "install ok installed|"*) echo "$p \${v#*|}";; *) echo "$p -";; esac; done
  elif command -v rpm >/dev/null 2>&1; then echo dnf
    for p in "$@"; do if v=$(rpm -q --qf '%{VERSION}-%{RELEASE}' "$p" 2>/dev/null); then echo "$p $v"; else echo "$p -"; fi; done
  else echo none; fi
}
dl_sysctl() {
  for k in "$@"; do f=/proc/sys/$(echo "$k" | tr . /)
    if [ -r "$f" ]; then if [ -w "$f" ]; then m=rw; else m=ro; fi; echo "$k $m $(tr '\\t' ' ' < "$f")"; else echo "$k missing"; fi
  done
}
dl_user() { if e=$(getent passwd "$1"); then echo "$e"; id -Gn "$1"; else echo absent; fi; }
dl_group() { getent group "$1" || echo absent; }
dl_unit() { e=$(systemctl is-enabled "$1" 2>/dev/null); a=$(systemctl is-active "$1" 2>/dev/null); echo "\${e:-missing} \${a:-unknown}"; }
dl_install_file() {
  t="$(dirname "$2")/.$(basename "$2").dl-tmp"
  mkdir -p "$(dirname "$2")" && cp "$1" "$t" && chown "$4:$5" "$t" && chmod "$3" "$t" || return 1
  if [ -f "$2" ]; then cp -p "$2" "$2.datalyptica-prev" || return 1; fi
  mv -f "$t" "$2" && rm -f "$1"
}
dl_set_attrs() { chown "$3:$4" "$1" && chmod "$2" "$1"; }
dl_mkdir() { mkdir -p "$1" && chown "$3:$4" "$1" && chmod "$2" "$1"; }
dl_apt_pin() {
  case "$1" in *=*) ;; *) echo "$1"; return ;; esac
  n=\${1%%=*}; v=\${1#*=}; v=\${v%\\*}
  e=$(apt-cache madison "$n" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep -F ":$v" | head -n1 | cut -d: -f1)
  if [ -n "$e" ]; then echo "$n=$e:$v*"; else echo "$1"; fi
}
dl_apt_install() {
  o='-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold'
  for p in "$@"; do shift; set -- "$@" "$(dl_apt_pin "$p")"; done
  apt-get install $o "$@" </dev/null
}
dl_pkg_install() {
  m=$1; shift
  case "$m" in
    apt) export DEBIAN_FRONTEND=noninteractive
      # A host that lost power (or an attempt killed as hung) leaves dpkg half-done; apt refuses until it is finished.
      # Its output goes to stderr, not away: it feeds the no-output watchdog and shows in the run log.
      dpkg --configure -a </dev/null >&2 || true
      # A pin like keepalived=2.2* must carry the epoch apt shows (1:2.2.7-1): dl_apt_pin adds it.
      dl_apt_install "$@" || { apt-get update -q </dev/null && dl_apt_install "$@"; } ;;
    dnf) dnf install -y -q "$@" </dev/null ;;
    *) echo "neither apt nor dnf found on this host" >&2; return 1 ;;
  esac
}
dl_sysctl_load() { sysctl -e -p "$1" </dev/null 2>&1 || true; }
dl_sh() { sh -c "$1" </dev/null; }
dl_extract() {
  echo "$4  $1" | sha256sum -c --status || { echo "checksum mismatch after upload: $1" >&2; return 1; }
  rm -rf "$2.dl-new" && mkdir -p "$2.dl-new" && tar -xf "$1" -C "$2.dl-new" --strip-components="$3" --no-same-owner || return 1
  chown -R "$5:$6" "$2.dl-new" && echo "$4" > "$2.dl-new/.datalyptica-artifact" || return 1
  rm -rf "$2.dl-old"; if [ -e "$2" ]; then mv "$2" "$2.dl-old" || return 1; fi
  mv "$2.dl-new" "$2" && rm -rf "$2.dl-old" "$1"
}
dl_verify_sha() { echo "$2  $1" | sha256sum -c --status || { echo "checksum mismatch after upload: $1" >&2; return 1; }; }
`;

/** Single-quotes one shell word. */
export function quote(value: string | number): string {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

/** One prelude (or plain command) call: `fn 'arg1' 'arg2'`. */
export function call(fn: string, ...args: Array<string | number>): string {
  return [fn, ...args.map(quote)].join(' ');
}

/** A complete script: the prelude, then the lines. `set -e` makes an apply stop at its first failure. */
export function script(lines: string[], options: { stopOnError: boolean }): string {
  return `${PRELUDE}${options.stopOnError ? 'set -e\n' : ''}${lines.join('\n')}\n`;
}

/** The script minus the prelude, for run logs. */
export function scriptBody(text: string): string {
  return text.startsWith(PRELUDE) ? `[prelude]\n${text.slice(PRELUDE.length)}` : text;
}

/** Where uploads wait before being installed: writable by any SSH user, on disk rather than tmpfs. */
export const STAGING_DIR = '/var/tmp';
