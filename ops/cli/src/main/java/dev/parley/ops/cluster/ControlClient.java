package dev.parley.ops.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The other terminal's side of {@link ControlServer}: finds the running supervisor of a data directory through its
 * {@code cluster.json} and {@code control-token}.
 */
final class ControlClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String token;

    private ControlClient(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /**
     * The control API of the cluster running from {@code dataDir}.
     *
     * @throws IllegalStateException when no cluster runs from there (no {@code cluster.json}, or its supervisor is gone)
     */
    static ControlClient of(Path dataDir) {
        ClusterState state = ClusterState.read(dataDir).orElseThrow(() -> new IllegalStateException(
                "no cluster in " + dataDir + " (no " + ClusterState.FILE + "): start one with 'ops/parley cluster'"));
        if (!ProcessHandle.of(state.supervisorPid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("no cluster runs from " + dataDir + " (its supervisor, PID " + state.supervisorPid()
                    + ", is gone): start it with 'ops/parley cluster'");
        }
        Path tokenFile = dataDir.resolve(ControlServer.TOKEN_FILE);
        try {
            return new ControlClient(state.controlUrl(), Files.readString(tokenFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenFile, e);
        }
    }

    ClusterState status() {
        return ClusterState.fromJson(send("GET", "/status"));
    }

    /** Kills or starts {@code node}; {@code action} is {@code kill} or {@code start}. */
    void node(String node, String action) {
        send("POST", "/nodes/" + node + "/" + action);
    }

    void stop() {
        send("POST", "/stop");
    }

    private String send(String method, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer " + token)
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("the cluster's control API (" + url + ") does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
