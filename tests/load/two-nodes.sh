#!/usr/bin/env bash
# Two app nodes on PostgreSQL behind nginx, under wrk (see tests/load/README.md, "Two nodes"). run.sh calls it after
# the single-node run with the app it published (APP_DIR); on its own it publishes the app itself.
#
#   sudo tests/load/two-nodes.sh                 # defaults: DURATION=15s WARMUP=3s CONNECTIONS=64 THREADS=2
#   WRITE_DURATION=30s WRITE_CONNECTIONS=256 tests/load/two-nodes.sh
#
# Part 1 measures, through nginx: the dashboard on one node, on two nodes round-robin (no cache), and with the
# sample's proxy_cache; a deficiency page; the latest PDF through proxy_cache beside nginx serving the same file.
# Part 2 (issue 17, "load with writes"): wrk at WRITE_CONNECTIONS on a mix of public pages, round-robin over both
# nodes without a cache, while two editors save assessments of the same deficiency through the forms; then checks
# 0 errors other than the editors' 409s and every accepted save in the record exactly once (no rejected one at all).
#
# Needs root for the throwaway PostgreSQL cluster (the server runs as the postgres user) and, the first time, to
# install postgresql, nginx, wrk and curl from Debian. Exit 0 when the run worked and part 2's checks held; 1 when
# a check failed; 2 when something could not be installed, built or started.
set -euo pipefail

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-3s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WRITE_DURATION="${WRITE_DURATION:-40s}"
WRITE_CONNECTIONS="${WRITE_CONNECTIONS:-256}"
WRITE_MIN_REQUESTS="${WRITE_MIN_REQUESTS:-10000}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-90}"
KEEP="${KEEP:-0}"
APP_DIR="${APP_DIR:-}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$SECONDS
say() { printf '== %s\n' "$*"; }
fail() { printf 'two-nodes.sh: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || fail "run as root: the PostgreSQL cluster is made and run as the postgres user"

tmp="" pg_dir="" pg_bin="" nginx_pid="" policy_rc_created=0
node_pids=()
stop_process() { # pid: TERM, up to 10 s, then KILL
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  [ -z "$tmp" ] || touch "$tmp/stop-editors"
  for pid in "${editor_pids[@]:-}"; do stop_process "$pid"; done
  for pid in "${node_pids[@]:-}"; do stop_process "$pid"; done
  stop_process "$nginx_pid"
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -z "$pg_dir" ] || rm -rf "$pg_dir"
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -n "$tmp" ] && [ -d "$tmp" ]; then
    if [ "$KEEP" = 1 ]; then echo "Kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
editor_pids=()
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# ---- tools
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null 2>&1 || need+=(curl)
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
if ((${#need[@]})); then
  say "Installing from Debian: ${need[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy_rc_created=1; fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } >/dev/null 2>&1 \
    || fail "apt-get install ${need[*]} failed"
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; policy_rc_created=0; fi
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

tmp="$(mktemp -d /tmp/ct-load2.XXXXXX)"
chmod 711 "$tmp"
mkdir -p "$tmp/reports" "$tmp/node-a" "$tmp/node-b" "$tmp/nginx"

# ---- the app
if [ -z "$APP_DIR" ]; then
  say "Publishing src/ComplianceTracker.Web (Release) to $tmp/app"
  (cd "$repo" && dotnet publish src/ComplianceTracker.Web -c Release -o "$tmp/app" --artifacts-path "$tmp/artifacts" -nologo -v quiet) \
    >"$tmp/publish.log" 2>&1 || { tail -n 30 "$tmp/publish.log" >&2; fail "dotnet publish failed"; }
  APP_DIR="$tmp/app"
fi

# ---- PostgreSQL: a throwaway cluster owned by the postgres user, Unix socket only, durability off
pg_dir="$(mktemp -d /tmp/ct-load2-pg.XXXXXX)"
chown postgres:postgres "$pg_dir" && chmod 700 "$pg_dir"
pg_port=5439
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale >"$tmp/postgres.log" 2>&1 \
  || { cat "$tmp/postgres.log" >&2; fail "initdb failed"; }
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >>"$tmp/postgres.log" 2>&1 || { cat "$pg_dir/server.log" >&2; fail "the PostgreSQL cluster did not start"; }
psql() { runuser -u postgres -- "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }
psql -d postgres -c "CREATE DATABASE tracker TEMPLATE template0 ENCODING 'UTF8'"
connection="Host=$pg_dir;Port=$pg_port;Username=postgres;Database=tracker"

node_env=(
  ASPNETCORE_ENVIRONMENT=Production
  Storage__Provider=PostgreSQL
  "ConnectionStrings__Postgres=$connection"
  "Storage__SeedDirectory=$repo/data/seed"
  "Reports__Directory=$tmp/reports"
  Reports__BaseUrl=https://tracker.example.org
  Proxy__KnownProxies__0=127.0.0.1
  Logging__LogLevel__Default=Warning
)
password="a long load-test password"
for who in editor1 editor2; do
  printf '%s\n' "$password" | env "${node_env[@]}" "Storage__DataDirectory=$tmp/node-a" \
    dotnet "$APP_DIR/ComplianceTracker.Web.dll" create-admin --email "$who@example.org" --name "$who" >>"$tmp/create-admin.log" 2>&1 \
    || { cat "$tmp/create-admin.log" >&2; fail "create-admin failed"; }
done

port_a="$(free_port)" port_b="$(free_port)"
for node in a b; do
  port_var="port_$node"
  (cd "$APP_DIR" && exec env "${node_env[@]}" "Storage__DataDirectory=$tmp/node-$node" \
    dotnet "$APP_DIR/ComplianceTracker.Web.dll" --urls "http://127.0.0.1:${!port_var}") >"$tmp/node-$node.log" 2>&1 &
  node_pids+=($!)
done
deadline=$((SECONDS + STARTUP_TIMEOUT))
for node in a b; do
  port_var="port_$node"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:${!port_var}/healthz" || true)" = 200 ]; do
    ((SECONDS < deadline)) || { tail -n 30 "$tmp/node-$node.log" >&2; fail "node $node did not answer /healthz"; }
    sleep 0.5
  done
done
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port_a/reports/latest.pdf" || true)" = 200 ]; do
  ((SECONDS < deadline)) || fail "no first edition within ${STARTUP_TIMEOUT}s"
  sleep 0.5
done
pdf="$(ls "$tmp"/reports/*.pdf | head -n 1)"
say "Nodes up on :$port_a and :$port_b (pids ${node_pids[*]}), first edition $(basename "$pdf")"

# ---- nginx: the sample's proxy rules on loopback (worker processes, as in production)
proxy_port="$(free_port)" lb_port="$(free_port)" only_a="$(free_port)" only_b="$(free_port)"
mkdir -p "$tmp/nginx/cache" "$tmp/nginx/proxy" "$tmp/nginx/client_body"
chmod 1777 "$tmp/nginx" "$tmp/nginx/cache" "$tmp/nginx/proxy" "$tmp/nginx/client_body"
sed -e "s|@PREFIX@|$tmp/nginx|g" -e "s|@MASTER@|on|g" -e "s|@WORKERS@|auto|g" -e "s|@PORT_A@|$only_a|g" \
  -e "s|@PORT_B@|$only_b|g" -e "s|@PORT_LB@|$lb_port|g" -e "s|@PORT@|$proxy_port|g" -e "s|@NODE_A@|127.0.0.1:$port_a|g" \
  -e "s|@NODE_B@|127.0.0.1:$port_b|g" -e "s|@PDF@|$pdf|g" "$here/nginx-nodes.conf.template" >"$tmp/nginx/nginx.conf"
"$nginx_bin" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!
for ((i = 0; ; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$proxy_port/static.pdf" || true)" = 200 ] && break
  ((i < 50)) || { cat "$tmp/nginx/error.log" >&2; fail "nginx did not start"; }
  sleep 0.1
done
cached_sha="$(curl -s --max-time 10 "http://127.0.0.1:$proxy_port/reports/latest.pdf" | sha256sum | cut -d' ' -f1)"
static_sha="$(sha256sum "$pdf" | cut -d' ' -f1)"
[ "$cached_sha" = "$static_sha" ] || fail "the proxy's /reports/latest.pdf and the file differ"
echo "  /reports/latest.pdf through the proxy: X-Cache-Status $(curl -s -o /dev/null -D - --max-time 10 "http://127.0.0.1:$proxy_port/reports/latest.pdf" | tr -d '\r' | sed -n 's/^X-Cache-Status: //Ip'), same bytes as the file"

# ---- part 1: rates
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
run_wrk() { # out url connections duration [extra wrk args]
  local out="$1" url="$2" c="$3" d="$4"
  shift 4
  wrk -t"$THREADS" -c"$c" -d"$d" "$@" -s "$here/report.lua" "$url" >"$out" 2>&1 || { cat "$out" >&2; fail "wrk against $url failed"; }
  grep '^RESULT ' "$out" || { cat "$out" >&2; fail "wrk printed no RESULT for $url"; }
}
names=("1 node, nginx, no cache: /" "2 nodes, nginx, no cache: /" "2 nodes, sample config: /" "2 nodes, sample config: /deficiencies/D-01" "2 nodes, proxy_cache: /reports/latest.pdf" "nginx static, same file")
urls=("http://127.0.0.1:$only_a/" "http://127.0.0.1:$lb_port/" "http://127.0.0.1:$proxy_port/" "http://127.0.0.1:$proxy_port/deficiencies/D-01" "http://127.0.0.1:$proxy_port/reports/latest.pdf" "http://127.0.0.1:$proxy_port/static.pdf")
declare -a rps p50 p99 errs
say "Part 1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency through nginx, each after a $WARMUP warm-up"
for i in "${!urls[@]}"; do
  line="$(LOAD_COUNT_STATUS=1 run_wrk "$tmp/warm-$i.txt" "${urls[$i]}" "$CONNECTIONS" "$WARMUP")"
  warm_non200="$(field non200 "$line")"
  line="$(run_wrk "$tmp/wrk-$i.txt" "${urls[$i]}" "$CONNECTIONS" "$DURATION" --latency)"
  rps[i]="$(field rps "$line")" p50[i]="$(field p50_ms "$line")" p99[i]="$(field p99_ms "$line")"
  errs[i]=$(($(field errors "$line") + warm_non200))
  printf '  %-42s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d\n' "${names[$i]}" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "${errs[$i]}"
done

# ---- part 2: public pages at WRITE_CONNECTIONS while two editors save the same item
say "Part 2: wrk -t$THREADS -c$WRITE_CONNECTIONS -d$WRITE_DURATION on public pages over both nodes (no cache), two editors saving D-01"
rm -f "$tmp/stop-editors"
for who in editor1 editor2; do
  "$here/editor.sh" "http://127.0.0.1:$proxy_port" "$who@example.org" "$password" "$who" D-01 "$tmp/$who.log" "$tmp/stop-editors" &
  editor_pids+=($!)
done
sleep 1
pages="/,/deficiencies,/deficiencies/D-01,/deficiencies/D-02,/timeline,/settlement,/sources,/changes,/reports,/data"
line="$(LOAD_PATHS="$pages" LOAD_COUNT_STATUS=1 run_wrk "$tmp/wrk-write.txt" "http://127.0.0.1:$lb_port" "$WRITE_CONNECTIONS" "$WRITE_DURATION" --latency --timeout 10s)"
touch "$tmp/stop-editors"
for pid in "${editor_pids[@]}"; do wait "$pid" || true; done
editor_pids=()

requests="$(field requests "$line")" write_rps="$(field rps "$line")" codes="$(field codes "$line")"
socket=$(($(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field timeout "$line")))
non200="$(field non200 "$line")"
cat "$tmp/editor1.log" "$tmp/editor2.log" >"$tmp/saves.log"
saved="$(grep -c '^302 ' "$tmp/saves.log" || true)"
conflicts="$(grep -c '^409 ' "$tmp/saves.log" || true)"
save_errors="$(grep -vc -E '^(302|409) ' "$tmp/saves.log" || true)"
# Every accepted save exactly once in the record, every refused one not at all.
psql -d tracker -c "SELECT Reason, count(*) FROM StatusChanges WHERE Reason LIKE 'load-save %' GROUP BY Reason" | LC_ALL=C sort >"$tmp/recorded.txt"
grep '^302 ' "$tmp/saves.log" | sed -e 's/^302 //' -e 's/$/|1/' | LC_ALL=C sort >"$tmp/expected.txt"
missing_or_doubled="$(comm -3 "$tmp/expected.txt" "$tmp/recorded.txt" | wc -l)"
printf '  pages: %s requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms; codes %s; socket errors %d\n' \
  "$requests" "$write_rps" "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$codes" "$socket"
printf '  saves: %d accepted (302), %d refused as stale (409), %d other answers\n' "$saved" "$conflicts" "$save_errors"
printf '  record: %d accepted saves found exactly once, %d lines differ between the saves and the record\n' \
  "$(wc -l <"$tmp/recorded.txt")" "$missing_or_doubled"
grep -vE '^(302|409) ' "$tmp/saves.log" | head -n 5 | sed 's/^/  other: /' || true

# ---- report
pdf_share="$(awk -v a="${rps[4]}" -v n="${rps[5]}" 'BEGIN { printf "%.1f", (n > 0 ? 100 * a / n : 0) }')"
scale="$(awk -v two="${rps[1]}" -v one="${rps[0]}" 'BEGIN { printf "%.2f", (one > 0 ? two / one : 0) }')"
echo
echo "Two nodes on PostgreSQL $("$pg_bin/postgres" --version | awk '{ print $3 }') behind nginx — wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
printf '%-42s | %9s | %7s | %7s | %6s\n' target req/s "p50 ms" "p99 ms" errors
for i in "${!names[@]}"; do
  printf '%-42s | %9.0f | %7.2f | %7.2f | %6d\n' "${names[$i]}" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "${errs[$i]}"
done
echo "Dashboard: two nodes = ${scale}x one node (both through nginx, no cache; goal >= 1.5x)"
echo "PDF through proxy_cache = ${pdf_share}% of nginx serving the file (goal >= 90%)"
echo "Load with writes: $requests requests at $WRITE_CONNECTIONS connections (goal >= $WRITE_MIN_REQUESTS), $saved saves accepted, $conflicts refused with 409"
echo "Machine: $(nproc) cores, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo); nginx $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Node logs: $(cat "$tmp"/node-*.log | grep -c -E '^(warn|fail|crit)' || true) warning/error entries"
cat "$tmp"/node-*.log | grep -E '^(fail|crit)' -A2 | head -n 12 | sed 's/^/  /' || true
ok=1
((requests >= WRITE_MIN_REQUESTS)) || { echo "CHECK FAILED: fewer than $WRITE_MIN_REQUESTS requests"; ok=0; }
((socket == 0 && non200 == 0)) || { echo "CHECK FAILED: page errors (socket $socket, non-200 $non200)"; ok=0; }
((save_errors == 0)) || { echo "CHECK FAILED: $save_errors save answers other than 302 and 409"; ok=0; }
((saved > 0)) || { echo "CHECK FAILED: no save was accepted"; ok=0; }
((missing_or_doubled == 0)) || { echo "CHECK FAILED: accepted saves missing or doubled, or refused ones written"; ok=0; }
for i in "${!names[@]}"; do ((errs[i] == 0)) || { echo "CHECK FAILED: errors on ${names[$i]}"; ok=0; }; done
echo "Two-node run took $((SECONDS - started))s."
((ok)) || exit 1
