#!/bin/sh
# Times the run endpoints on a run of the largest size REST allows (parley.api.max-count, 20,000 by
# default), made offline with the demo model:
#
#   bench/large-run-endpoints.sh                 make the run, then time the endpoints
#   bench/large-run-endpoints.sh <run id>        time the endpoints on a run already in the data folder
#
# PARLEY_DATA_DIR (default /tmp/parley-large-run) holds the run's database; PORT (default 8099) the server.
# Each endpoint is asked five times once the server has answered the first report; the times are curl's.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
count=${COUNT:-20000}
port=${PORT:-8099}
export PARLEY_DATA_DIR=${PARLEY_DATA_DIR:-/tmp/parley-large-run}
recipe=$PARLEY_DATA_DIR/large.yaml

if [ $# -eq 0 ]; then
  mkdir -p "$PARLEY_DATA_DIR"
  sed "s/^count: .*/count: $count/" "$here/recipes/ecommerce-support-id.yaml" > "$recipe"
  id=$("$here/parley" generate "$recipe" --out "$PARLEY_DATA_DIR/out" --no-cache 2>/dev/null | sed -n 's/^run //p')
else
  id=$1
fi
echo "run $id"

PARLEY_JAVA_OPTS="-Dquarkus.http.port=$port" "$here/parley" > "$PARLEY_DATA_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -sf -o /dev/null "localhost:$port/q/health/ready"; do sleep 1; done

time_of() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}s %{size_download} bytes\n' "localhost:$port$1"
}
echo "first GET /api/runs/$id: $(time_of "/api/runs/$id")"
for path in /api/runs "/api/runs/$id" "/api/runs/$id/dialogues?limit=100" "/api/runs/$id/export.zip"; do
  for i in 1 2 3 4 5; do
    echo "GET $path: $(time_of "$path")"
  done
done
