# bench/lib.sh: what bench/run and bench/scale share. Sourced, not run.
#
#   bench_init [APT_PACKAGE...]   cd to the project root, check and install what a bench needs
#                                 (Debian's ansible, bc and GNU time, plus the packages named),
#                                 build the jar, make $work (removed, and the lab taken down, on
#                                 exit), generate the secrets, write plumb's playbook
#   fresh_lab N                   take this instance's lab down and boot N hosts; writes the
#                                 Ansible inventory for them
#   timed NAME EXPECTED CMD...    settle, then run CMD; fail unless its exit code is one of
#                                 EXPECTED; append its wall time (s) to samples[NAME], its peak
#                                 RSS (KiB, the largest process: GNU time's %M) to rss[NAME], the CPU time of
#                                 the tool's own processes (user + system, core-seconds) to
#                                 cpu[NAME], and the CPU time the whole machine was busy meanwhile
#                                 (the tool, the lab hosts, everything; /proc/stat) to busy[NAME]
#   plumb COMMAND [ARG...]        bin/plumb COMMAND on the bench playbook and the lab inventory
#   ansible [ARG...]              ansible-playbook on the same hosts (forks 10, as plumb's default)
#   ssh_floor N                   no tool: one OpenSSH login running `true` on each of hosts 1..N,
#                                 10 at a time, with the key exchange plumb's SSH client uses
#                                 (curve25519-sha256): the least any SSH-based tool pays
#   warm_plumb                    once, an untimed plumb plan that makes bin/plumb's class-data
#                                 archive (a lab must be up)
#   m NAME, mc NAME, mb NAME      the median of samples[NAME], of cpu[NAME], of busy[NAME]
#   settle                        wait until the machine is quiet and no run has ended for 11 s (below)
#
# The lab is this instance's (PLUMB_LAB_INSTANCE, default 0; bin/lab): subnet 198.18.K.0/24.
# Both tools get the same desired state: playbooks/flaskapp.yml without its Flyway migrations
# (Ansible has no counterpart) and bench/ansible/flaskapp.yml, both allowing the app hosts'
# subnet in pg_hba.conf.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
net="198.18.${PLUMB_LAB_INSTANCE:-0}" # the lab instance's subnet (bin/lab)
export net
work=
lab_hosts=0
declare -A samples=() rss=() cpu=() busy=()

bench_init() {
  cd "$root"
  bin/prereqs
  local -a want=(ansible bc time "$@") missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  mvn -B -q -DskipTests package

  work=$(mktemp -d)
  export work root
  trap 'bin/lab down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  mkdir -p bench/results

  FLASKAPP_DB_PASSWORD="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  PLUMB_PG_ADMIN_PASSWORD="admin-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export FLASKAPP_DB_PASSWORD PLUMB_PG_ADMIN_PASSWORD

  # plumb's side: the flaskapp playbook without migrations (nor their check), beside the app file it ships, with
  # the lab instance's subnet as the app network.
  mkdir -p "$work/plumb"
  cp -r playbooks/app "$work/plumb/app"
  grep -v -e '^      migrations:' -e 'location: migrations/flaskapp' -e '{kind: migrations_applied}' \
    playbooks/flaskapp.yml |
    sed "s#app_network: 198\.18\.0\.0/24#app_network: $net.0/24#" >"$work/plumb/flaskapp.yml"
}

# ansible_inventory N: host1 the database (group db), host2..hostN the app (group web), as
# bin/lab's inventory/lab.yml.
ansible_inventory() {
  local n=$1 i
  {
    echo "[db]"
    echo "host1 ansible_host=$net.11"
    echo "[web]"
    for ((i = 2; i <= n; i++)); do echo "host$i ansible_host=$net.$((10 + i))"; done
    echo "[all:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$root/.lab/id_ed25519"
    echo "ansible_ssh_common_args='-o UserKnownHostsFile=$root/inventory/known_hosts -o StrictHostKeyChecking=yes'"
    echo "ansible_python_interpreter=/usr/bin/python3"
  } >"$work/hosts.ini"
}

fresh_lab() {
  bin/lab down >/dev/null 2>&1 || true
  bin/lab up "$1" >"$work/lab.log" 2>&1 || { tail -40 "$work/lab.log" >&2; return 1; }
  lab_hosts=$1
  ansible_inventory "$1"
}

timed() {
  local name=$1 want=$2
  shift 2
  local t0 t1 code=0 secs b0 b1
  settle
  b0=$(busy_ticks)
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M %U %S' -o "$work/rss" bash -c "$(declare -f plumb ansible ssh_floor)"'
    "$@"' bench "$@" >"$work/last.log" 2>&1 || code=$?
  t1=$(date +%s.%N)
  b1=$(busy_ticks)
  last_end=$SECONDS
  if [[ ! " $want " =~ " $code " ]]; then
    echo "bench: $name exited $code (expected $want):" >&2
    tail -30 "$work/last.log" >&2
    exit 1
  fi
  secs=$(echo "$t1 - $t0" | bc -l)
  samples[$name]+="$secs "
  local kib user sys
  read -r kib user sys < <(tail -n1 "$work/rss")
  rss[$name]+="$kib "
  cpu[$name]+="$(echo "$user + $sys" | bc -l) "
  busy[$name]+="$(echo "($b1 - $b0) / $(getconf CLK_TCK)" | bc -l) "
  printf '  %-30s %7.2f s  %6d MiB\n' "$name" "$secs" $((kib / 1024)) >&2
}

plumb() { "$root/bin/plumb" "$1" "$work/plumb/flaskapp.yml" -i "$root/inventory/lab.yml" -q "${@:2}"; }
ansible() {
  ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_FORKS=10 ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_RETRY_FILES_ENABLED=0 \
    ansible-playbook -i "$work/hosts.ini" "$root/bench/ansible/flaskapp.yml" \
    -e "db_password=$FLASKAPP_DB_PASSWORD" -e "app_network=${net}.0/24" "$@"
}

ssh_floor() {
  local i
  for ((i = 1; i <= $1; i++)); do echo "$net.$((10 + i))"; done |
    xargs -P 10 -I{} ssh -o BatchMode=yes -o KexAlgorithms=curve25519-sha256 -o StrictHostKeyChecking=yes \
      -o UserKnownHostsFile="$root/inventory/known_hosts" -i "$root/.lab/id_ed25519" root@{} true
}

# An untimed plumb plan (read-only) that makes bin/plumb's class-data archive, once after the
# build, so that no timed run pays for it.
warm_plumb() {
  ((plumb_warm)) && return 0
  plumb plan >/dev/null 2>&1 || true
  plumb_warm=1
}
plumb_warm=0

# Every timed run starts alike: at least 11 s after the previous one ended, so that no systemd
# user manager lingers on the hosts from it (UserStopDelaySec is 10 s: a run meets the hosts as a
# run on a fleet usually does, its logins starting them), and once the machine is quiet (under a
# fifth of its CPU busy over a second, waiting 30 s at most): an app the previous run started
# may still be booting, and its CPU is not the next run's.
last_end=-100
settle() {
  local wait=$((last_end + 11 - SECONDS)) i b0 b1 quiet
  ((wait <= 0)) || sleep "$wait"
  quiet=$(($(getconf CLK_TCK) * $(nproc) / 5))
  for ((i = 0; i < 30; i++)); do
    b0=$(busy_ticks)
    sleep 1
    b1=$(busy_ticks)
    ((b1 - b0 < quiet)) && return 0
  done
  echo "bench: the machine stayed busy; timing anyway (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
}

# The machine's busy CPU time so far, in clock ticks: every CPU state but idle and iowait.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m() { echo "${samples[$1]}" | median; }
mb() { echo "${busy[$1]}" | median; }
mc() { echo "${cpu[$1]}" | median; }
