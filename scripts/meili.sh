# Sourced by bash (.ci/run, make bench): unless MEILI_URL is already set,
# starts the Meilisearch server binary beside the repository
# (../shared/meilisearch/meilisearch, or the one MEILI_BIN names) on a free
# loopback port, with a random master key and temporary directories of its
# own, exports MEILI_URL, MEILI_API_KEY and MEILI_BIN for what runs next,
# and stops it when the shell exits. Without the binary it only says so.
meili_bin="${MEILI_BIN:-../shared/meilisearch/meilisearch}"
if [ -z "${MEILI_URL:-}" ] && [ -x "$meili_bin" ]; then
  meili_bin="$(cd "$(dirname "$meili_bin")" && pwd)/$(basename "$meili_bin")"
  meili_dir=$(mktemp -d)
  meili_pid=
  stop_meili() {
    if [ -n "$meili_pid" ]; then kill "$meili_pid" 2>/dev/null || true; wait "$meili_pid" 2>/dev/null || true; fi
    rm -rf "$meili_dir"
  }
  trap stop_meili EXIT
  meili_key=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  for _ in 1 2 3 4 5; do
    meili_port=$((20000 + RANDOM % 30000))
    "$meili_bin" --db-path "$meili_dir/db" --dump-dir "$meili_dir/dumps" --snapshot-dir "$meili_dir/snapshots" \
      --http-addr "127.0.0.1:$meili_port" --master-key "$meili_key" --no-analytics --env development --log-level WARN \
      >"$meili_dir/log" 2>&1 &
    meili_pid=$!
    for _ in $(seq 1 100); do
      if ! kill -0 "$meili_pid" 2>/dev/null; then meili_pid=; break; fi # the port was taken: try another
      if curl -fsS "http://127.0.0.1:$meili_port/health" >/dev/null 2>&1; then break 2; fi
      sleep 0.1
    done
    [ -z "$meili_pid" ] || { kill "$meili_pid"; wait "$meili_pid" 2>/dev/null || true; meili_pid=; }
  done
  if [ -z "$meili_pid" ]; then
    echo "meili: Meilisearch at $meili_bin did not start:" >&2
    tail -20 "$meili_dir/log" >&2
    exit 1
  fi
  echo "meili: Meilisearch $("$meili_bin" --version | tr -d '\n') on 127.0.0.1:$meili_port"
  export MEILI_URL="http://127.0.0.1:$meili_port" MEILI_API_KEY="$meili_key" MEILI_BIN="$meili_bin"
elif [ -z "${MEILI_URL:-}" ]; then
  echo "meili: no Meilisearch binary at $meili_bin: the Meilisearch runs will skip, naming MEILI_URL"
fi
