#!/usr/bin/env bash
# Load run: starts the AppHost (DynamoDB Local in memory), seeds identities, drives a read/write mix at
# the backend and the frontend for DURATION seconds with wrk, prints per scenario requests per second,
# p50/p99 latency, errors and 5xx, stops the AppHost, and exits 1 if any request failed or answered 5xx
# (2 if the run itself could not be made: a missing tool, a busy port, a failed build, start or sign-in).
#
#   load/run.sh                      # 60 s
#   DURATION=20 load/run.sh          # shorter
#
# Everything is signed in, as in real use: the script generates the local provider's secrets
# (automation-client-secret, editor-password) and gives them to the AppHost as parameters, takes a
# client-credentials token as the automation client for every backend request, and signs in as editor
# through the provider's sign-in form once for the frontend's session cookie. Secrets, token and
# cookies stay in files and environments readable by the current user only, are never printed, and the
# files are deleted at exit.
#
# Everything listens on loopback only. The frontend's per-client rate limit is lifted for the run
# (RateLimiting__PermitLimit=$FRONTEND_PERMIT_LIMIT), because all load comes from one address; the
# AppHost passes its environment on to the services it starts.
set -euo pipefail

DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-5}"
CONFIGURATION="${CONFIGURATION:-Release}"
# Requests per 10 s the frontend allows one client; all load comes from 127.0.0.1, so lift it.
FRONTEND_PERMIT_LIMIT="${FRONTEND_PERMIT_LIMIT:-1000000}"
# Connections per scenario, tuned on 2 cores for the highest rate without errors (see README).
C_BACKEND_LIST="${C_BACKEND_LIST:-8}"
C_BACKEND_GET="${C_BACKEND_GET:-8}"
C_BACKEND_CREATE="${C_BACKEND_CREATE:-4}"
C_BACKEND_UPDATE="${C_BACKEND_UPDATE:-4}"
C_FRONTEND_LIST="${C_FRONTEND_LIST:-8}"
C_FRONTEND_DETAIL="${C_FRONTEND_DETAIL:-8}"

# The launch profiles' ports: Aspire's proxies listen on them in run mode.
FRONTEND="http://127.0.0.1:5180"
BACKEND="http://127.0.0.1:5280"
# The provider and the sign-in use localhost, the host the AppHost gives the backend (token issuer) and
# registers in the frontend's redirect URI; the load itself goes to 127.0.0.1.
PROVIDER="http://localhost:5380"
FRONTEND_SIGNIN="http://localhost:5180"
PORTS=(5180 5280 5380 15080 19080 20080)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/identitye2e-load.XXXXXX")"
RUN_ID="$(date +%s)-$$"
APPHOST_PID=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_apphost() {
  if [[ -n "$APPHOST_PID" ]] && kill -0 "$APPHOST_PID" 2>/dev/null; then
    # Aspire's orchestrator (DCP) watches the AppHost's process and, once it is gone, stops the services
    # and DynamoDB Local; wait for that orchestrator too, so that the next run finds the ports free.
    local dcp
    dcp="$(pgrep -f -- "dcp start-apiserver --monitor $APPHOST_PID " || true)"
    log "stopping the AppHost (SIGTERM to $APPHOST_PID)"
    kill -TERM "$APPHOST_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APPHOST_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$APPHOST_PID" 2>/dev/null; then
      log "the AppHost did not stop within 60 s; SIGKILL"
      kill -KILL "$APPHOST_PID" 2>/dev/null || true
    fi
    for pid in $dcp; do
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    done
  fi
  APPHOST_PID=""
}
cleanup() {
  stop_apphost
  # The secrets, the token and the session are worth nothing once the AppHost is gone; remove them anyway.
  rm -rf "$WORK/secrets"
}
trap 'cleanup' EXIT
trap 'exit 130' INT TERM

# --- prerequisites -------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install -y wrk) and run again." >&2
    exit 2
  fi
fi
for tool in curl dotnet od perl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing." >&2; exit 2; }
done
for port in "${PORTS[@]}"; do
  if port_in_use "$port"; then
    echo "Port $port is in use: stop the AppHost that is running (dotnet run --project IdentityE2E.AppHost) first." >&2
    exit 2
  fi
done

# --- secrets ---------------------------------------------------------------------------------------
# Fresh per run: the AppHost would otherwise generate them (and keep them in its user secrets), and this
# script could not sign in. Kept in files and passed through environments, never printed; the one
# exception is env's own command line below, for the moment until it execs the AppHost.
SECRETS="$WORK/secrets"
mkdir -m 700 "$SECRETS"
random_secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
( umask 077
  random_secret >"$SECRETS/automation-client-secret"
  random_secret >"$SECRETS/editor-password" )

# --- start -----------------------------------------------------------------------------------------
log "building the AppHost ($CONFIGURATION)"
dotnet build "$ROOT/IdentityE2E.AppHost" -c "$CONFIGURATION" -v quiet -nologo >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; exit 2; }

log "starting the AppHost with DynamoDB Local in memory (log: $WORK/apphost.log)"
(
  cd "$ROOT/IdentityE2E.AppHost"
  # The launch profile's settings, as dotnet run would apply them, plus the load run's own.
  # Parameter names with '-' cannot be exported from bash; env passes them (Parameters__<name>).
  exec env \
    "Parameters__automation-client-secret=$(<"$SECRETS/automation-client-secret")" \
    "Parameters__editor-password=$(<"$SECRETS/editor-password")" \
    ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
    ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
    ASPNETCORE_URLS=http://localhost:15080 \
    ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:19080 \
    ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:20080 \
    DynamoDB__Local__InMemory=true \
    RateLimiting__PermitLimit="$FRONTEND_PERMIT_LIMIT" \
    "bin/$CONFIGURATION/net10.0/IdentityE2E.AppHost"
) >"$WORK/apphost.log" 2>&1 &
APPHOST_PID=$!

log "waiting for the backend and the frontend to answer /health (at most 180 s)"
deadline=$((SECONDS + 180))
until [[ "$(curl -s -m 2 "$BACKEND/health" || true)" == Healthy && "$(curl -s -m 2 "$FRONTEND/health" || true)" == Healthy ]]; do
  if ! kill -0 "$APPHOST_PID" 2>/dev/null; then
    tail -n 40 "$WORK/apphost.log" >&2; echo "The AppHost exited." >&2; exit 2
  fi
  if (( SECONDS > deadline )); then
    tail -n 40 "$WORK/apphost.log" >&2; echo "Not healthy within 180 s." >&2; exit 2
  fi
  sleep 2
done

# --- sign in ---------------------------------------------------------------------------------------
fail_signin() { echo "Sign-in failed: $*" >&2; exit 2; }

# The backend: a client-credentials token of the automation client, for the seeding and the backend
# scenarios. Tokens last 15 minutes; one is taken before the warm-up and a fresh one before the counted
# run. Runs are much shorter than that (60 s by default); one longer than about 14 minutes (DURATION=840)
# would see the token expire and every backend request answer 401.
backend_token() {
  local discovery endpoint token
  discovery="$(curl -s -m 10 "$PROVIDER/.well-known/openid-configuration")" \
    || fail_signin "the provider at $PROVIDER does not answer its discovery document"
  endpoint="$(sed -n 's/.*"token_endpoint": *"\([^"]*\)".*/\1/p' <<<"$discovery")"
  [[ -n "$endpoint" ]] || fail_signin "the provider's discovery document names no token_endpoint"
  token="$(curl -s -m 10 -X POST "$endpoint" \
      --data-urlencode grant_type=client_credentials --data-urlencode client_id=automation \
      --data-urlencode "client_secret@$SECRETS/automation-client-secret" \
      --data-urlencode 'scope=identities.read identities.write' \
    | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')"
  [[ -n "$token" ]] || fail_signin "the provider gave the automation client no token at $endpoint"
  ( umask 077; printf 'Authorization: Bearer %s\n' "$token" >"$SECRETS/bearer-header" )
  BEARER_TOKEN="$token"
}

# The frontend: editor signs in once through the real flow, as a browser would: the frontend's challenge
# redirects to the provider's sign-in form, which is posted with its hidden inputs (antiforgery token,
# ReturnUrl) and the password, and the redirects lead back through the frontend's /signin-oidc, which
# sets the session cookie identities.session (chunked as identities.sessionC1, C2... when large).
frontend_signin() {
  local jar="$SECRETS/cookies" page="$SECRETS/signin.html" url form_url fields=() name value
  : >"$jar"
  url="$(curl -s -m 10 -o "$page" -b "$jar" -c "$jar" -L --max-redirs 10 -w '%{url_effective} %{http_code}' "$FRONTEND_SIGNIN/")" \
    || fail_signin "the frontend's challenge did not lead to the provider"
  [[ "$url" == "$PROVIDER/account/signin"*" 200" ]] || fail_signin "the frontend's / led to $url, not to the provider's sign-in page"
  while IFS=$'\t' read -r name value; do
    fields+=(--data-urlencode "$name=$value")
  done < <(sed -n 's/.*<input type="hidden" name="\([^"]*\)" value="\([^"]*\)".*/\1\t\2/p' "$page" \
             | perl -pe 's/&#x([0-9A-Fa-f]+);/chr(hex($1))/ge; s/&#([0-9]+);/chr($1)/ge; s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/&/g')
  (( ${#fields[@]} >= 4 )) || fail_signin "the provider's sign-in page has no antiforgery token and ReturnUrl"
  form_url="$PROVIDER$(sed -n 's/.*<form method="post" action="\([^"]*\)".*/\1/p' "$page")"
  # The post's 302 leads (as GET) back to the authorize endpoint, on to the frontend's /signin-oidc, which
  # sets the session cookie and redirects to the page the flow started from.
  url="$(curl -s -m 20 -o "$page" -b "$jar" -c "$jar" -L --max-redirs 10 -w '%{url_effective} %{http_code}' \
      "${fields[@]}" --data-urlencode Username=editor --data-urlencode "Password@$SECRETS/editor-password" "$form_url")" \
    || fail_signin "following the redirects after posting editor's password failed"
  if grep -q 'role="alert"' "$page"; then fail_signin "the provider refused editor's password"; fi
  [[ "$url" == "$FRONTEND_SIGNIN/"*" 200" ]] || fail_signin "after posting editor's password the flow ended at $url"
  # Only the session cookie (whole or in chunks) goes to wrk: provider and frontend share the host
  # localhost in the jar, and the GET pages need nothing else.
  awk -F'\t' '($1 == "localhost" || $1 == "#HttpOnly_localhost") && $6 ~ /^identities\.session(C[0-9]+)?$/ {
      c = c (c ? "; " : "") $6 "=" $7 } END { if (c) print "Cookie: " c }' "$jar" >"$SECRETS/cookie-header"
  [[ -s "$SECRETS/cookie-header" ]] || fail_signin "the frontend set no session cookie (identities.session)"
  url="$(curl -s -m 10 -o /dev/null -H "@$SECRETS/cookie-header" -w '%{http_code} %{redirect_url}' "$FRONTEND/" || true)"
  [[ "$url" == "200 " ]] || fail_signin "the frontend answers the session cookie with $url"
  FRONTEND_COOKIE="$(sed 's/^Cookie: //' "$SECRETS/cookie-header")"
}

log "signing in: the automation client for the backend, editor for the frontend"
backend_token
frontend_signin

# --- seed ------------------------------------------------------------------------------------------
create() {
  curl -s -m 10 -X POST "$BACKEND/api/identities" -H 'Content-Type: application/json' -H "@$SECRETS/bearer-header" \
    -d "{\"givenName\":\"Seed\",\"familyName\":\"Identity $2\",\"email\":\"$1\",\"dateOfBirth\":\"1985-06-15\"}" \
    | sed -n 's/.*"id":"\([0-9a-f]\{32\}\)".*/\1/p'
}
log "seeding identities"
: >"$WORK/read-ids" ; : >"$WORK/update-ids"
for i in $(seq 1 50); do
  id="$(create "seed-$RUN_ID-$i@example.com" "$i")"
  [[ -n "$id" ]] || { echo "Seeding failed." >&2; exit 2; }
  echo "$id" >>"$WORK/read-ids"
done
for i in $(seq 1 "$C_BACKEND_UPDATE"); do
  email="update-$RUN_ID-$i@example.com"
  id="$(create "$email" "update $i")"
  [[ -n "$id" ]] || { echo "Seeding failed." >&2; exit 2; }
  echo "$id $email" >>"$WORK/update-ids"
done

# --- load ------------------------------------------------------------------------------------------
# name, base URL, connections, threads
SCENARIOS=(
  "backend-list $BACKEND $C_BACKEND_LIST 1"
  "backend-get $BACKEND $C_BACKEND_GET 1"
  "backend-create $BACKEND $C_BACKEND_CREATE 1"
  "backend-update $BACKEND $C_BACKEND_UPDATE $C_BACKEND_UPDATE"
  "frontend-list $FRONTEND $C_FRONTEND_LIST 1"
  "frontend-detail $FRONTEND $C_FRONTEND_DETAIL 1"
)

run_all() {
  local seconds=$1 tag=$2 pids=()
  for scenario in "${SCENARIOS[@]}"; do
    read -r name url connections threads <<<"$scenario"
    # The token and the cookie go through the environment, never the command line.
    SCENARIO="$name" RUN_ID="$RUN_ID-$tag" READ_IDS="$WORK/read-ids" UPDATE_IDS="$WORK/update-ids" \
      BEARER_TOKEN="$BEARER_TOKEN" FRONTEND_COOKIE="$FRONTEND_COOKIE" \
      wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s -s "$ROOT/load/scenario.lua" "$url" \
      >"$WORK/$tag-$name.out" 2>&1 &
    pids+=($!)
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  return $failed
}

log "warming up for ${WARMUP} s (not counted)"
run_all "$WARMUP" warmup || { cat "$WORK"/warmup-*.out >&2; exit 2; }
# The warm-up moved the update scenario's identities on; start the counted run from fresh ones.
: >"$WORK/update-ids"
for i in $(seq 1 "$C_BACKEND_UPDATE"); do
  email="update2-$RUN_ID-$i@example.com"
  id="$(create "$email" "update $i")"
  [[ -n "$id" ]] || { echo "Seeding failed." >&2; exit 2; }
  echo "$id $email" >>"$WORK/update-ids"
done

# A fresh token, good for 15 minutes from here.
backend_token

log "running the mix for ${DURATION} s"
run_all "$DURATION" run || { cat "$WORK"/run-*.out >&2; exit 2; }

# --- report ----------------------------------------------------------------------------------------
echo
printf '%-16s %6s %9s %9s %9s %8s %6s\n' scenario conns 'req/s' 'p50 ms' 'p99 ms' errors 5xx
total_rps=0; total_errors=0; total_5xx=0
for scenario in "${SCENARIOS[@]}"; do
  read -r name _ connections _ <<<"$scenario"
  line="$(grep '^RESULT ' "$WORK/run-$name.out" || true)"
  if [[ -z "$line" ]]; then
    cat "$WORK/run-$name.out" >&2; echo "$name produced no result." >&2; exit 2
  fi
  read -r _ _ requests rps p50 p99 errors fives <<<"$line"
  printf '%-16s %6s %9s %9s %9s %8s %6s\n' "$name" "$connections" "$rps" "$p50" "$p99" "$errors" "$fives"
  total_rps=$(awk -v a="$total_rps" -v b="$rps" 'BEGIN { printf "%.1f", a + b }')
  total_errors=$((total_errors + errors)); total_5xx=$((total_5xx + fives))
done
printf '%-16s %6s %9s %9s %9s %8s %6s\n' total '' "$total_rps" '' '' "$total_errors" "$total_5xx"
echo
echo "duration ${DURATION} s, $(nproc) cores, configuration $CONFIGURATION; details in $WORK"

stop_apphost
if (( total_errors > 0 || total_5xx > 0 )); then
  echo "FAILED: $total_errors errors, $total_5xx answered 5xx." >&2
  exit 1
fi
echo "OK: no errors, no 5xx."
