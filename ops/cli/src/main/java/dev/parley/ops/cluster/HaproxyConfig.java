package dev.parley.ops.cluster;

/**
 * The HAProxy configuration of the local cluster's balancer, in front of every gateway.
 *
 * <ul>
 *   <li>One public frontend: WebSocket upgrades go round-robin to the gateways ({@value #WEBSOCKET_BACKEND}); every
 *       other request (REST, {@code /healthz}) is balanced by its {@code Authorization} header
 *       ({@value #REST_BACKEND}, consistent hashing), so all of one user's REST requests meet the same gateway and its
 *       per-user rate limits are exact (requests without the header go round-robin).</li>
 *   <li>Every connection to a gateway starts with a PROXY protocol v2 header ({@code send-proxy-v2}), health checks
 *       too: the gateways run with {@code gateway.proxy-protocol=true} and trust the loopback address.</li>
 *   <li>Health: {@code GET /healthz} every second, 200 is up; after a failure the next checks come every 250 ms and a
 *       second failure takes the gateway out; one success puts it back. The WebSocket backend's servers track the REST
 *       backend's, so each gateway is checked once. A connection refused by a gateway not yet marked down is retried
 *       on the other ({@code option redispatch}).</li>
 *   <li>Timeouts: {@code timeout tunnel} keeps an idle upgraded WebSocket open for an hour (the gateway's heartbeats
 *       decide its liveness), while HTTP requests and idle keep-alive clients get the usual seconds.</li>
 *   <li>Statistics (CSV at {@code /stats;csv}) on their own port. In the foreground ({@code -db}) HAProxy writes its
 *       warnings (a gateway going down or up) to standard error, which the supervisor appends to the balancer's log
 *       file; no access log.</li>
 * </ul>
 */
final class HaproxyConfig {
    static final String REST_BACKEND = "gateways-rest";
    static final String WEBSOCKET_BACKEND = "gateways-websocket";
    static final String STATS_PATH = "/stats";

    private HaproxyConfig() {
    }

    static String render(ClusterLayout layout) {
        String host = layout.host();
        StringBuilder out = new StringBuilder();
        out.append("""
                # Written by ops/parley cluster on every start; edits are lost.
                global
                    maxconn 4096

                defaults
                    mode http
                    retries 2
                    option redispatch 1
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout http-request 10s
                    timeout tunnel 1h
                    timeout client-fin 5s
                    timeout server-fin 5s

                frontend public
                """);
        out.append("    bind ").append(host).append(':').append(layout.balancer().port()).append('\n');
        out.append("    acl websocket hdr(Upgrade) -i websocket\n");
        out.append("    use_backend ").append(WEBSOCKET_BACKEND).append(" if websocket\n");
        out.append("    default_backend ").append(REST_BACKEND).append("\n\n");

        out.append("backend ").append(REST_BACKEND).append('\n');
        out.append("""
                    balance hdr(Authorization)
                    hash-type consistent
                    option httpchk
                    http-check send meth GET uri /healthz
                    http-check expect status 200
                    default-server check inter 1s fastinter 250ms fall 2 rise 1 send-proxy-v2
                """);
        for (ClusterLayout.Gateway gateway : layout.gateways()) {
            out.append("    server ").append(gateway.name()).append(' ').append(host).append(':').append(gateway.port()).append('\n');
        }
        out.append('\n');

        out.append("backend ").append(WEBSOCKET_BACKEND).append('\n');
        out.append("    balance roundrobin\n");
        for (ClusterLayout.Gateway gateway : layout.gateways()) {
            out.append("    server ").append(gateway.name()).append(' ').append(host).append(':').append(gateway.port())
                    .append(" send-proxy-v2 track ").append(REST_BACKEND).append('/').append(gateway.name()).append('\n');
        }
        out.append('\n');

        out.append("frontend stats\n");
        out.append("    bind ").append(host).append(':').append(layout.balancer().statsPort()).append('\n');
        out.append("    stats enable\n");
        out.append("    stats uri ").append(STATS_PATH).append('\n');
        return out.toString();
    }
}
