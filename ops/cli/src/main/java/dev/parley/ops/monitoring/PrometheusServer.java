package dev.parley.ops.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary, e.g. Debian's package), run as a child process with a
 * given configuration, its data in a directory of its own, listening on a free loopback port. It is never a system
 * service: {@link #close()} stops it (SIGTERM, then SIGKILL after 10 s) and nothing else.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final PrometheusApi api;
    private final Path log;

    private PrometheusServer(Process process, PrometheusApi api, Path log) {
        this.process = process;
        this.api = api;
        this.log = log;
    }

    /** The {@code prometheus} executable: {@code binary} if it names a file, else the first on the PATH of that name. */
    public static Optional<Path> find(String binary) {
        Path given = Path.of(binary);
        if (binary.contains(File.separator)) return Files.isExecutable(given) ? Optional.of(given) : Optional.empty();
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /**
     * Writes {@code config} to {@code workDir/prometheus.yml}, starts Prometheus with its data under
     * {@code workDir/data} and its output in {@code workDir/prometheus.log}, and waits until it is ready.
     *
     * @throws IllegalStateException when it exits or is not ready within 60 s (its log's path in the message)
     */
    public static PrometheusServer start(Path binary, Path workDir, ScrapeConfig config) {
        try {
            Files.createDirectories(workDir.resolve("data"));
            Path configFile = workDir.resolve("prometheus.yml");
            Files.writeString(configFile, config.yaml());
            int port = freePort();
            Path log = workDir.resolve("prometheus.log");
            Process process = new ProcessBuilder(List.of(binary.toString(),
                    "--config.file=" + configFile.toAbsolutePath(),
                    "--storage.tsdb.path=" + workDir.resolve("data").toAbsolutePath(),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=1h"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process,
                    new PrometheusApi(URI.create("http://127.0.0.1:" + port)), log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!api.ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("prometheus not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting prometheus", e);
            }
        }
    }

    public PrometheusApi api() {
        return api;
    }

    /** Where Prometheus writes its output. */
    public Path log() {
        return log;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
