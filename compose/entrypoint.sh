#!/bin/sh
# Starts `parley "$@"` with the secrets Docker mounted under /run/secrets: each file named parley_<setting> (e.g.
# parley_cluster_secret) becomes the environment variable PARLEY_<SETTING> (PARLEY_CLUSTER_SECRET) that Parley reads,
# unless that variable is already set. Nothing is baked into the image; the values are never printed.
set -eu
if [ -d /run/secrets ]; then
  for file in /run/secrets/parley_*; do
    [ -f "$file" ] || continue
    name=$(basename "$file" | tr '[:lower:]' '[:upper:]')
    case "$name" in
      *[!A-Z0-9_]*) echo "entrypoint: skipping /run/secrets/$(basename "$file"): not a setting's name" >&2; continue ;;
    esac
    eval "current=\${$name:-}"
    if [ -z "$current" ]; then
      value=$(cat "$file")
      export "$name=$value"
    fi
  done
fi
# shellcheck disable=SC2086 # PARLEY_JAVA_OPTS is a list of JVM options
exec java ${PARLEY_JAVA_OPTS:-} -jar /opt/parley/parley.jar "$@"
