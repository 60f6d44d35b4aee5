#!/usr/bin/env bash
# Runs portsyncd in the Karaf container, in the foreground.
#
# On a SONiC machine (database_config.json present) it starts only the container, on the container's own Redis and
# network namespace. Anywhere else it runs a self-contained demo: a private redis-server, a network namespace
# "portsyncd-demo", CONFIG_DB seeded with 32 ports Ethernet0..Ethernet124, and a stand-in for orchagent/syncd that pops
# APPL_DB PORT_TABLE and creates each port's host interface (a tap netdev) in the namespace with the port's mtu and
# admin_status, logging to a file in the demo's directory. Leaving Karaf
# (Ctrl-D or `logout` at the prompt, or Ctrl-C) stops and removes everything the demo started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# the project's version, as the build names its artifacts
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n 1)
tarball="$root/karaf-assembly/target/portsyncd-karaf-$version.tar.gz"
tools_cp_file="$root/tools/target/classpath.txt"
sonic_config=/var/run/redis/sonic-db/database_config.json
ports=${PORTSYNCD_DEMO_PORTS:-32}
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# a source or POM changed since the last build: rebuild rather than run yesterday's code
stale=""
[ -f "$tarball" ] && stale=$(find "$root" -path "$root/target" -prune -o -path '*/target' -prune -o \
  \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$tarball" -print -quit)
if [ ! -f "$tarball" ] || [ ! -f "$tools_cp_file" ] || [ -n "$stale" ]; then
  echo "building portsyncd${stale:+ ($stale is newer than the distribution)}..."
  mvn -B -ntp -q install -DskipTests
fi

run_dir="$root/target/run"
dist="$run_dir/portsyncd-karaf-$version"
rm -rf "$dist" && mkdir -p "$run_dir" && tar -xzf "$tarball" -C "$run_dir"

# Interactive terminal: Karaf's console, so the portsyncd:* commands can be typed. Otherwise: server mode.
karaf_mode=server
[ -t 0 ] && karaf_mode=

if [ -f "$sonic_config" ]; then
  echo "SONiC database configuration found: running portsyncd on it"
  exec "$dist/bin/karaf" $karaf_mode
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

demo="$run_dir/demo"
ns=portsyncd-demo
rm -rf "$demo" && mkdir -p "$demo/state"
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 16379)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  echo "demo stopped: redis-server, stand-in and namespace $ns removed"
}
trap cleanup EXIT INT TERM

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --unixsocket "$demo/redis.sock" --unixsocketperm 700 --notify-keyspace-events KA \
  --dir "$demo" --logfile "$demo/redis.log" &
pids+=($!)
cli() { redis-cli -p "$redis_port" "$@"; }
for _ in $(seq 1 100); do cli ping >/dev/null 2>&1 && break; sleep 0.05; done

cat > "$demo/database_config.json" <<JSON
{
  "INSTANCES": { "redis": { "hostname": "127.0.0.1", "port": $redis_port, "unix_socket_path": "$demo/redis.sock" } },
  "DATABASES": {
    "APPL_DB":   { "id": 0, "separator": ":", "instance": "redis" },
    "ASIC_DB":   { "id": 1, "separator": ":", "instance": "redis" },
    "COUNTERS_DB": { "id": 2, "separator": ":", "instance": "redis" },
    "CONFIG_DB": { "id": 4, "separator": "|", "instance": "redis" },
    "STATE_DB":  { "id": 6, "separator": "|", "instance": "redis" }
  },
  "VERSION": "1.0"
}
JSON

ip netns del "$ns" 2>/dev/null || true
ip netns add "$ns"
ip -n "$ns" link set lo up

seed=""
for ((i = 0; i < ports; i++)); do
  lane=$((i * 4))
  seed+="HSET PORT|Ethernet$lane lanes $lane,$((lane+1)),$((lane+2)),$((lane+3)) alias etp$((i+1)) speed 100000 mtu 9100 admin_status up index $((i+1))"$'\n'
done
printf '%s' "$seed" | cli -n 4 >/dev/null
echo "CONFIG_DB seeded with $ports ports (Ethernet0..Ethernet$(((ports-1)*4)))"

# its lines go to a file of their own, not into the Karaf console
standin_log="$demo/orchagent-stand-in.log"
java -cp "$root/tools/target/classes:$(cat "$tools_cp_file")" net.sonic.portsyncd.tools.OrchagentStandInCommand \
  "$demo/database_config.json" "$ns" "$standin_log" >>"$standin_log" 2>&1 &
pids+=($!)

cat >> "$dist/etc/net.sonic.portsyncd.db.cfg" <<CFG
database.config.path = $demo/database_config.json
CFG
cat >> "$dist/etc/net.sonic.portsyncd.netlink.cfg" <<CFG
netns = $ns
CFG
for pid in persistence metrics; do
  key=state.dir; [ "$pid" = metrics ] && key=metrics.dir
  echo "$key = $demo/state" >> "$dist/etc/net.sonic.portsyncd.$pid.cfg"
done

cat <<INFO

portsyncd demo: Redis on 127.0.0.1:$redis_port, ports in network namespace $ns.
Look from another terminal:
  redis-cli -p $redis_port -n 0 hgetall PORT_TABLE:PortConfigDone      # count=$ports
  redis-cli -p $redis_port -n 0 hgetall PORT_TABLE:PortInitDone        # lanes=0
  redis-cli -p $redis_port -n 6 keys 'PORT_TABLE|*'
  redis-cli -p $redis_port -n 6 hgetall 'PORT_TABLE|Ethernet0'
  ip -n $ns link show Ethernet0        # mtu 9100, UP: the stand-in applied CONFIG_DB's mtu and admin_status
  ip -n $ns link set Ethernet0 down    # then hgetall again: admin_status down
  ip -n $ns link set Ethernet0 up
The orchagent stand-in logs to $standin_log
At the Karaf prompt: portsyncd:status, portsyncd:ports, portsyncd:metrics. Leave with Ctrl-D.
JMX, SSH and Jolokia users: the container prints their random passwords below as it starts for the first time
(also in $dist/etc/initial-credentials).

INFO

"$dist/bin/karaf" $karaf_mode || true
