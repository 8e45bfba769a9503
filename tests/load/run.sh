#!/usr/bin/env bash
# HTTP load on loopback: the published app (Release) under wrk, beside nginx serving the very same bytes (five public
# pages, each as sent uncompressed and Brotli-compressed, and the PDF edition), with a side-by-side table, the app's
# rate as a share of nginx's, its memory and a verdict against the goals. See tests/load/README.md.
#
#   sudo tests/load/run.sh                      # defaults: DURATION=15s WARMUP=3s CONNECTIONS=64 THREADS=2
#   DURATION=30s CONNECTIONS=128 tests/load/run.sh
#   KEEP=1 tests/load/run.sh                    # keep the temp folder (logs, config, database, PDF)
#   TWO_NODES=0 tests/load/run.sh               # the single-node run only (else two-nodes.sh follows it)
#   PAGES="/ /timeline" tests/load/run.sh       # fewer pages (default: / /deficiencies/D-01 /timeline /brief /reports/current)
#
# Exit 0 when the run itself worked, even if a goal was missed (the verdict says MISSED); nonzero when something
# could not be installed, built or started, or the two servers did not serve the same bytes.
set -euo pipefail

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-3s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"
KEEP="${KEEP:-0}"
# The warm-ups always count every response's status code (a redirect or any other non-200 is an error). Counting
# makes wrk copy each body into Lua, which halves its rate on the PDF, so the measured runs leave it out unless
# LOAD_COUNT_STATUS=1; they still count 4xx/5xx (wrk's status errors) and socket errors.
LOAD_COUNT_STATUS="${LOAD_COUNT_STATUS:-0}"

# Goals the verdict checks.
GOAL_DASHBOARD_RPS=5000
GOAL_DASHBOARD_P99_MS=20
GOAL_PDF_PERCENT_OF_NGINX=50
GOAL_RSS_MB=200
# Every public page, compressed or not: at least half of nginx's rate for the same bytes, p99 under 10 ms (issue 31).
GOAL_PAGE_PERCENT_OF_NGINX=50
GOAL_PAGE_P99_MS=10
read -r -a pages <<<"${PAGES:-/ /deficiencies/D-01 /timeline /brief /reports/current}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ -f "$repo/ComplianceTracker.sln" ] || { echo "run.sh: no ComplianceTracker.sln at $repo" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

started=$SECONDS
say() { printf '== %s\n' "$*"; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

tmp=""
app_pid=""
nginx_pid=""
policy_rc_created=0

stop_process() { # pid name: TERM, wait up to 10 s, then KILL
  local pid="$1" name="$2" i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  echo "run.sh: $name (pid $pid) did not stop on TERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_process "$app_pid" "the app"
  stop_process "$nginx_pid" "nginx"
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -n "$tmp" ] && [ -d "$tmp" ]; then
    if [ "$KEEP" = 1 ]; then
      echo "Kept $tmp (app.log, nginx/, data/, reports/, wrk-*.txt)"
    else
      rm -rf "$tmp"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

app_log_tail() {
  echo "---- last 40 lines of the app's log ($tmp/app.log)" >&2
  tail -n 40 "$tmp/app.log" >&2 || true
  echo "----" >&2
}

# A port on 127.0.0.1 that nothing listens on, below the ephemeral range wrk's own connections use.
free_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 12000))
    [ "$port" != "${1:-}" ] || continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# ---- 1. tools from Debian
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null 2>&1 || need+=(curl)
if ((${#need[@]})); then
  [ "$(id -u)" = 0 ] || fail "missing ${need[*]}; run as root to install them from Debian, or install them first"
  say "Installing from Debian: ${need[*]}"
  # The nginx package would start the system service on port 80: keep services from starting while installing.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_rc_created=1
  fi
  apt_log="$(mktemp /tmp/ct-load-apt.XXXXXX)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; } >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    rm -f "$apt_log"
    fail "apt-get install ${need[*]} failed"
  fi
  grep -E '^Setting up ' "$apt_log" | sed 's/^/  /' || true
  rm -f "$apt_log"
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; policy_rc_created=0; fi
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

tmp="$(mktemp -d /tmp/ct-load.XXXXXX)"
# nginx's workers run as nobody: they must be able to walk into the folder to reach the PDF.
chmod 711 "$tmp"
mkdir -p "$tmp/data" "$tmp/reports" "$tmp/nginx"

# ---- 2. publish and start the app
# What is built is the work tree as it is, uncommitted changes included: say which commit, and whether it was clean.
built_from=""
if built_from="$(git -C "$repo" rev-parse --abbrev-ref HEAD 2>/dev/null)@$(git -C "$repo" rev-parse --short HEAD 2>/dev/null)"; then
  changed="$(git -C "$repo" status --porcelain -- src 2>/dev/null | wc -l)"
  if ((changed > 0)); then built_from+=" plus $changed uncommitted change(s) under src/, built as they were"; fi
else
  built_from=""
fi
say "Publishing src/ComplianceTracker.Web (Release) to $tmp/app"
# Build output goes to the temp folder too, so this never shares obj/ with a build running in the work tree.
if ! (cd "$repo" && dotnet publish src/ComplianceTracker.Web -c Release -o "$tmp/app" \
  --artifacts-path "$tmp/artifacts" -nologo -v quiet) >"$tmp/publish.log" 2>&1; then
  grep -E 'error|Error' "$tmp/publish.log" | head -n 30 >&2 || tail -n 30 "$tmp/publish.log" >&2
  fail "dotnet publish failed (whole log: $tmp/publish.log; rerun with KEEP=1 to keep it)"
fi

app_port="$(free_port)" || fail "no free port on 127.0.0.1"
app="http://127.0.0.1:$app_port"
say "Starting the app on $app"
# Started from the publish folder, the app finds no ComplianceTracker.sln above it and resolves relative paths from
# there: give it absolute ones, and the repository's seed.
(
  cd "$tmp/app"
  exec env ASPNETCORE_ENVIRONMENT=Production dotnet "$tmp/app/ComplianceTracker.Web.dll" \
    --urls "$app" \
    --Storage:DataDirectory="$tmp/data" \
    --Storage:SeedDirectory="$repo/data/seed" \
    --Reports:Directory="$tmp/reports" \
    --Reports:BaseUrl=https://tracker.example.org \
    --Logging:LogLevel:Default=Warning
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for() { # url what: until it answers 200, the app dies, or the start-up deadline passes
  local url="$1" what="$2" code
  while :; do
    kill -0 "$app_pid" 2>/dev/null || { app_log_tail; fail "the app exited while waiting for $what"; }
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)"
    [ "$code" = 200 ] && return 0
    if ((SECONDS - app_started >= STARTUP_TIMEOUT)); then
      app_log_tail
      fail "$what did not answer 200 within ${STARTUP_TIMEOUT}s (last status: ${code:-none})"
    fi
    sleep 0.5
  done
}
app_started=$SECONDS
wait_for "$app/healthz" "/healthz"
wait_for "$app/reports/latest.pdf" "/reports/latest.pdf (the first edition)"
say "App up after $((SECONDS - app_started))s (pid $app_pid), health: $(curl -s --max-time 5 "$app/healthz")"

# ---- 3. nginx serving the same file
curl -s --max-time 10 -o "$tmp/app.pdf" "$app/reports/latest.pdf"
app_sha="$(sha256sum "$tmp/app.pdf" | cut -d' ' -f1)"
pdf=""
for f in "$tmp"/reports/*.pdf; do
  [ -f "$f" ] || continue
  if [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$app_sha" ]; then pdf="$f"; break; fi
done
[ -n "$pdf" ] || { ls -l "$tmp/reports" >&2; fail "no file in $tmp/reports has the bytes the app serves at /reports/latest.pdf"; }

# Each page's bytes as the app sends them, once as they are and once Brotli-compressed, for nginx to serve from files.
slug() { [ "$1" = / ] && echo home || { local s="${1#/}"; echo "${s//\//-}"; }; }
mkdir -p "$tmp/pages/plain" "$tmp/pages/br"
for page in "${pages[@]}"; do
  name="$(slug "$page")"
  code="$(curl -s --max-time 10 -o "$tmp/pages/plain/$name.html" -w '%{http_code}' "$app$page" || true)"
  [ "$code" = 200 ] || fail "the app answers $page with $code, not 200"
  coding="$(curl -s --max-time 10 -H 'Accept-Encoding: br' -o "$tmp/pages/br/$name.html" -w '%header{content-encoding}' "$app$page" || true)"
  # An app from before issue 31 compresses nothing: then only the pages as they are are measured (a before/after run).
  if [ "$coding" != br ]; then
    [ "${compressed:-1}" = 1 ] && [ "$page" != "${pages[0]}" ] && fail "the app compresses some pages but not $page"
    compressed=0
  else
    [ "${compressed:-1}" = 0 ] && fail "the app compresses $page but not ${pages[0]}"
    compressed=1
  fi
done
[ "$compressed" = 1 ] || echo "  note: this app sends no page Brotli-compressed; only the pages as they are are measured" >&2
chmod -R a+rX "$tmp/pages"

nginx_port="$(free_port "$app_port")" || fail "no free port on 127.0.0.1"
web="http://127.0.0.1:$nginx_port"
sed -e "s|@PREFIX@|$tmp/nginx|g" -e "s|@PORT@|$nginx_port|g" -e "s|@PDF@|$pdf|g" -e "s|@PAGES@|$tmp/pages|g" \
  "$here/nginx.conf.template" >"$tmp/nginx/nginx.conf"
"$nginx_bin" -t -q -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" \
  || { cat "$tmp/nginx/error.log" >&2 || true; fail "nginx rejected its config"; }
say "Starting nginx on $web serving $pdf"
"$nginx_bin" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!
for ((i = 0; ; i++)); do
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx/error.log" >&2 || true; fail "nginx exited at start"; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$web/latest.pdf" || true)" = 200 ] && break
  ((i < 50)) || { cat "$tmp/nginx/error.log" >&2 || true; fail "nginx did not answer within 5s"; }
  sleep 0.1
done

curl -s --max-time 10 -o "$tmp/nginx.pdf" "$web/latest.pdf"
nginx_sha="$(sha256sum "$tmp/nginx.pdf" | cut -d' ' -f1)"
nginx_type="$(curl -s -o /dev/null -w '%{content_type}' --max-time 5 "$web/latest.pdf")"
pdf_bytes="$(stat -c %s "$pdf")"
echo "  app   /reports/latest.pdf sha256 $app_sha"
echo "  nginx /latest.pdf         sha256 $nginx_sha ($pdf_bytes bytes, $nginx_type)"
[ "$app_sha" = "$nginx_sha" ] || fail "the app and nginx serve different bytes"
[ "$nginx_type" = application/pdf ] || fail "nginx serves the PDF as '$nginx_type', not application/pdf"
echo "  byte-identical: yes"
# nginx must send each page's very bytes: compare what both servers answer, as wrk will ask for it.
for page in "${pages[@]}"; do
  name="$(slug "$page")"
  variants=(plain); [ "$compressed" = 1 ] && variants+=(br)
  for variant in "${variants[@]}"; do
    header=(); [ "$variant" = br ] && header=(-H 'Accept-Encoding: br')
    a="$(curl -s --max-time 10 "${header[@]}" "$app$page" | sha256sum | cut -d' ' -f1)"
    n="$(curl -s --max-time 10 "${header[@]}" "$web/$variant/$name.html" | sha256sum | cut -d' ' -f1)"
    [ "$a" = "$n" ] || fail "the app and nginx serve different bytes for $page ($variant)"
  done
  brotli="not compressed"; [ "$compressed" = 1 ] && brotli="$(stat -c %s "$tmp/pages/br/$name.html") Brotli-compressed"
  printf '  %-20s %7s bytes as they are, %s; the same bytes from both servers\n' "$page" \
    "$(stat -c %s "$tmp/pages/plain/$name.html")" "$brotli"
done

# ---- response headers, once (GET; headers only shown)
for path in / /reports/latest.pdf; do
  say "Response headers: GET $app$path (Accept-Encoding: br)"
  curl -s --max-time 10 -H 'Accept-Encoding: br' -D - -o /dev/null "$app$path" | tr -d '\r' | sed '/^$/d; s/^/  /'
done

# ---- 4. load
# Pairs: the app and nginx for the same bytes, side by side. encodings[i] is what the request accepts ("" none).
names=() urls=() encodings=()
for page in "${pages[@]}"; do
  name="$(slug "$page")"
  names+=("app $page" "nginx $page")
  urls+=("$app$page" "$web/plain/$name.html")
  encodings+=("" "")
  if [ "$compressed" = 1 ]; then
    names+=("app $page, br" "nginx $page, br")
    urls+=("$app$page" "$web/br/$name.html")
    encodings+=(br br)
  fi
done
names+=("app /reports/latest.pdf" "nginx /latest.pdf")
urls+=("$app/reports/latest.pdf" "$web/latest.pdf")
encodings+=("" "")
pdf_app=$((${#names[@]} - 2)) pdf_nginx=$((${#names[@]} - 1))
declare -a rps p50 p99 errs notes warm_codes warm_non200 others

# Each target must answer 200 to a plain GET before it is loaded: wrk does not follow redirects.
for i in "${!urls[@]}"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Accept-Encoding: ${encodings[$i]}" "${urls[$i]}" || true)"
  [ "$code" = 200 ] || echo "  note: ${names[$i]} answers $code to a plain GET, not 200" >&2
done

field() { # name line -> value of name=value in wrk's RESULT line
  local name="$1" line="$2"
  sed -n "s/.* $name=\([^ ]*\).*/\1/p" <<<"$line"
}

# wrk and the app share the cores, so anything else running skews the figures: each measured run also reports the
# share of the machine's CPU that went to other processes: /proc/stat's user + nice + system ticks less this run's
# own (the app, nginx and its workers, and this script with the children it has waited for: wrk, curl). Interrupt
# time is left out of both, as the kernel's loopback work for this run's traffic is counted there.
hz="$(getconf CLK_TCK)"
cores="$(nproc)"
nginx_workers=()
for stat in /proc/[0-9]*/stat; do
  read -r -a f 2>/dev/null <"$stat" || continue
  [ "${f[3]}" = "$nginx_pid" ] && nginx_workers+=("${f[0]}")
done
proc_ticks() { # pid [1 = with waited-for children]: utime + stime (+ cutime + cstime); 0 when gone
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return 0; }
  awk -v kids="${2:-0}" '{ print $12 + $13 + (kids ? $14 + $15 : 0) }' <<<"${stat##*) }"
}
cpu_snapshot() { # -> "now_ns busy_ticks our_ticks"
  local ours pid
  ours=$(($(proc_ticks "$app_pid") + $(proc_ticks "$nginx_pid") + $(proc_ticks $$ 1)))
  for pid in "${nginx_workers[@]}"; do ours=$((ours + $(proc_ticks "$pid"))); done
  echo "$(date +%s%N) $(awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat) $ours"
}
others_percent() { # before after -> % of all cores' time that other processes used in between
  awk -v hz="$hz" -v cores="$cores" -v b="$1" -v a="$2" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    capacity = (y[1] - x[1]) / 1e9 * hz * cores
    others = (y[2] - x[2]) - (y[3] - x[3])
    p = capacity > 0 ? 100 * others / capacity : 0
    printf "%.0f", p < 0 ? 0 : p }'
}

say "Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, each after a ${WARMUP} warm-up that checks status codes"
run_wrk() { # out url [wrk options...]: runs wrk with the reporter, prints its RESULT line
  local out="$1" url="$2"
  shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" "$@" -s "$here/report.lua" "$url" >"$out" 2>&1 \
    || { cat "$out" >&2; fail "wrk against $url failed"; }
  grep '^RESULT ' "$out" || { cat "$out" >&2; fail "wrk printed no RESULT line for $url"; }
}
for i in "${!urls[@]}"; do
  url="${urls[$i]}"
  accept=(); [ -n "${encodings[$i]}" ] && accept=(-H "Accept-Encoding: ${encodings[$i]}")
  line="$(LOAD_COUNT_STATUS=1 run_wrk "$tmp/warmup-$i.txt" "$url" -d"$WARMUP" "${accept[@]}")"
  warm_codes[i]="$(field codes "$line")"
  warm_non200[i]="$(field non200 "$line")"
  before="$(cpu_snapshot)"
  line="$(LOAD_COUNT_STATUS="$LOAD_COUNT_STATUS" run_wrk "$tmp/wrk-$i.txt" "$url" -d"$DURATION" --latency "${accept[@]}")"
  others[i]="$(others_percent "$before" "$(cpu_snapshot)")"
  rps[i]="$(field rps "$line")"
  p50[i]="$(field p50_ms "$line")"
  p99[i]="$(field p99_ms "$line")"
  socket=$(($(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field timeout "$line")))
  status="$(field status "$line")"
  non200="$(field non200 "$line")"
  # non200 counts every response that was not 200 (a 4xx/5xx is also in status); -1 when not counted.
  if ((non200 > status)); then status=$non200; fi
  errs[i]=$((socket + status + warm_non200[i]))
  notes[i]="$(field requests "$line") requests, $(field bytes_per_response "$line") B each;"
  notes[i]+=" socket errors $socket (connect $(field connect "$line"), read $(field read "$line"), write $(field write "$line"), timeout $(field timeout "$line")),"
  notes[i]+=" 4xx/5xx $(field status "$line"); warm-up codes ${warm_codes[$i]}; other processes used ${others[$i]}% of the CPU"
  printf '  %-32s %9s req/s  p50 %8s ms  p99 %8s ms  errors %s\n      (%s)\n' \
    "${names[$i]}" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "${errs[$i]}" "${notes[$i]}"
done

# ---- 5. memory after the load
kill -0 "$app_pid" 2>/dev/null || { app_log_tail; fail "the app died during the load"; }
mb() { awk -v kb="$(awk -v k="$1:" '$1 == k { print $2 }' "/proc/$app_pid/status")" 'BEGIN { printf "%.1f", kb / 1024 }'; }
rss_mb="$(mb VmRSS)"
hwm_mb="$(mb VmHWM)"
app_warnings="$(grep -c -E '^(warn|fail|crit)' "$tmp/app.log" || true)"

# ---- 6. report
percent() { awk -v a="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.1f", 100 * a / n; else print 0 }'; }
pdf_ratio="$(percent "${rps[$pdf_app]}" "${rps[$pdf_nginx]}")"
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
nginx_version="$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')"
wrk_version="$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }' || true)"

echo
echo "ComplianceTracker HTTP load — wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (warm-up $WARMUP), loopback"
echo "errors = socket errors + 4xx/5xx in the measured run + any non-200 in its warm-up (every code counted there)"
echo
printf '%-32s | %10s | %8s | %8s | %7s | %9s\n' target req/s "p50 ms" "p99 ms" errors "of nginx"
printf '%-32s-+-%10s-+-%8s-+-%8s-+-%7s-+-%9s\n' "$(printf '%032d' 0 | tr 0 -)" ---------- -------- -------- ------- ---------
for i in "${!names[@]}"; do
  share=""
  # Each app row is followed by nginx serving the same bytes.
  if [[ "${names[$i]}" == app* ]]; then share="$(percent "${rps[$i]}" "${rps[$((i + 1))]}")%"; fi
  printf '%-32s | %10.0f | %8.2f | %8.2f | %7d | %9s\n' "${names[$i]}" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "${errs[$i]}" "$share"
done
echo
for ((i = 0; i < pdf_app; i += 2)); do
  [[ "${names[$i]}" == app* ]] || continue
  printf '%-32s %6.0f req/s = %5s%% of nginx (%6.0f req/s), %s bytes each, p99 %.2f ms\n' "${names[$i]}:" "${rps[$i]}" \
    "$(percent "${rps[$i]}" "${rps[$((i + 1))]}")" "${rps[$((i + 1))]}" "$(awk -v r="${notes[$i]}" 'BEGIN { split(r, w, " "); print w[3] }')" "${p99[$i]}"
done
printf 'PDF download: app %.0f req/s = %s%% of nginx (%.0f req/s), %s bytes each\n' "${rps[$pdf_app]}" "$pdf_ratio" "${rps[$pdf_nginx]}" "$pdf_bytes"
echo "App memory after the load: VmRSS $rss_mb MB, VmHWM (peak) $hwm_mb MB (pid $app_pid)"
echo "App log: $app_warnings warning/error entries"
grep -E '^(warn|fail|crit)' "$tmp/app.log" | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/  /' || true
[ -z "$built_from" ] || echo "Code: $built_from"
echo "Machine: $(nproc) cores, $cpu_model; dotnet $(dotnet --version); nginx $nginx_version; $wrk_version"
others_max=0
others_list=""
for i in "${!names[@]}"; do
  others_list+="${others_list:+, }${names[$i]} ${others[$i]}%"
  if ((others[i] > others_max)); then others_max=${others[$i]}; fi
done
echo "CPU used by other processes during the measured runs (share of all cores): $others_list"
if ((others_max > 10)); then
  echo "  NOTE: other work took up to $others_max% of the CPU during a run; those figures are lower than on a quiet machine."
fi
echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo
echo "Verdict:"
report_verdict() { # label details [goal missed]...
  local label="$1" details="$2" result=MET
  shift 2
  if (($#)); then
    result=MISSED
    details+=" — missed: $(printf '%s, ' "$@" | sed 's/, $//')"
  fi
  printf '  %-32s %-7s %s\n' "$label" "$result" "$details"
}
missed=()
ge "${rps[0]}" "$GOAL_DASHBOARD_RPS" || missed+=("req/s")
le "${p99[0]}" "$GOAL_DASHBOARD_P99_MS" || missed+=("p99")
[ "${errs[0]}" -eq 0 ] || missed+=("errors")
report_verdict "dashboard, ${names[0]}" "$(printf '%.0f req/s (goal >= %d), p99 %.2f ms (goal <= %d), errors %d (goal 0)' \
  "${rps[0]}" "$GOAL_DASHBOARD_RPS" "${p99[0]}" "$GOAL_DASHBOARD_P99_MS" "${errs[0]}")" "${missed[@]}"
errors_verdict() { # target index
  local missed=()
  [ "${errs[$1]}" -eq 0 ] || missed+=("errors")
  report_verdict "${names[$1]}" "errors ${errs[$1]} (goal 0)" "${missed[@]}"
}
for ((i = 0; i < pdf_app; i++)); do
  if [[ "${names[$i]}" == nginx* ]]; then errors_verdict "$i"; continue; fi
  share="$(percent "${rps[$i]}" "${rps[$((i + 1))]}")"
  missed=()
  ge "$share" "$GOAL_PAGE_PERCENT_OF_NGINX" || missed+=("share of nginx")
  le "${p99[$i]}" "$GOAL_PAGE_P99_MS" || missed+=("p99")
  [ "${errs[$i]}" -eq 0 ] || missed+=("errors")
  report_verdict "${names[$i]}" "$(printf '%s%% of nginx req/s (goal >= %d%%), p99 %.2f ms (goal < %d), errors %d (goal 0)' \
    "$share" "$GOAL_PAGE_PERCENT_OF_NGINX" "${p99[$i]}" "$GOAL_PAGE_P99_MS" "${errs[$i]}")" "${missed[@]}"
done
missed=()
ge "$pdf_ratio" "$GOAL_PDF_PERCENT_OF_NGINX" || missed+=("share of nginx")
[ "${errs[$pdf_app]}" -eq 0 ] || missed+=("errors")
report_verdict "${names[$pdf_app]}" "$(printf '%s%% of nginx req/s (goal >= %d%%), errors %d (goal 0)' \
  "$pdf_ratio" "$GOAL_PDF_PERCENT_OF_NGINX" "${errs[$pdf_app]}")" "${missed[@]}"
errors_verdict "$pdf_nginx"
missed=()
le "$rss_mb" "$GOAL_RSS_MB" || missed+=("VmRSS")
report_verdict "app memory" "VmRSS $rss_mb MB after the run (goal <= $GOAL_RSS_MB MB)" "${missed[@]}"
echo
echo "Run took $((SECONDS - started))s."

# ---- 7. the same app as two nodes on PostgreSQL behind nginx, with writes under load (two-nodes.sh)
if [ "${TWO_NODES:-1}" = 1 ]; then
  stop_process "$app_pid" "the app"
  app_pid=""
  stop_process "$nginx_pid" "nginx"
  nginx_pid=""
  echo
  say "Two nodes on PostgreSQL behind nginx (tests/load/two-nodes.sh; TWO_NODES=0 leaves this out)"
  two_rc=0
  APP_DIR="$tmp/app" DURATION="$DURATION" WARMUP="$WARMUP" CONNECTIONS="$CONNECTIONS" THREADS="$THREADS" KEEP="$KEEP" \
    "$here/two-nodes.sh" || two_rc=$?
  exit "$two_rc"
fi
