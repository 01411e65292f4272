#!/usr/bin/env bash
# Generates the Docker secrets of compose/docker-compose.yml into compose/secrets/, once: an existing file is kept
# (changing auth.token-secret revokes every token; changing the others needs every process restarted).
#   parley_auth_token_secret      auth.token-secret: signs users' tokens (gateways only)
#   parley_cluster_secret         cluster.secret: the internal listeners' credential (gateways and streams processes)
#   parley_cluster_metrics_token  cluster.metrics-token: opens /metrics only (Prometheus, and every Parley process)
#   parley_gateway_admin_token    gateway.admin.token: opens /admin, mints tokens for any user (gateways only)
#   grafana_admin_password        Grafana's admin password (user admin)
# Each is 32 random bytes, base64url (43 characters; Parley wants 16 bytes or more). The directory is the owner's
# only (0700): Docker bind-mounts each file into the containers that use it, whose users (Parley's 10001, Prometheus's
# nobody, Grafana's 472) are not the owner, so the files themselves are 0444 and the directory keeps others out.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
for name in parley_auth_token_secret parley_cluster_secret parley_cluster_metrics_token parley_gateway_admin_token \
    grafana_admin_password; do
  file="$dir/$name"
  if [ -s "$file" ]; then
    echo "kept      $file"
  else
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$file"
    echo "generated $file"
  fi
  chmod 444 "$file"
done
