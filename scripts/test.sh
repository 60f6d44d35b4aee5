#!/usr/bin/env bash
# Runs every test of the project: unit tests, real-Redis and real-netlink tests, and the Pax Exam tests that
# boot the Karaf assembly. Installs what a fresh Debian 12 machine with JDK 17 and Maven lacks.
# Needs root (network namespaces, tap interfaces). Extra arguments go to Maven (e.g. -Dtest=..., -pl ...).
# In every module the fast tests (*FastTest: in-memory fakes, no root, no Redis) run first, in their own Surefire
# execution; `mvn -Pfast test` runs only them (see the Surefire plugin in pom.xml).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh needs root: the tests create network namespaces and tap interfaces, and install missing" \
    "packages. Run it as root (e.g. sudo scripts/test.sh)." >&2
  exit 1
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v flock >/dev/null 2>&1 || missing+=(util-linux)
# the Zabbix template test speaks to the real Zabbix Java gateway
[ -f /usr/sbin/zabbix-java-gateway.jar ] || missing+=(zabbix-java-gateway)
# the Debian package's test: lintian checks it, the real supervisord runs it
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
command -v supervisord >/dev/null 2>&1 || missing+=(supervisor)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# tap interfaces need the tun device node (absent in some minimal containers)
if [ ! -c /dev/net/tun ]; then
  mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 0666 /dev/net/tun
fi

exec mvn -B -ntp install "$@"
