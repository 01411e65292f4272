package dev.parley.ops.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One node of a {@link LocalCluster}: an OS process the cluster started from a fixed command line (its configuration
 * and data are under the cluster's data directory, so a revived node is the same node), with its output appended to
 * its own log file. Thread-safe; {@link #kill()}, {@link #stop()} and {@link #start()} may be called from any thread
 * while the cluster runs (the drills' test thread, the control API), one at a time per node.
 *
 * <p>The supervisor never restarts a node by itself: a node that was killed, or exited, stays down until
 * {@link #start()}.
 */
public final class ClusterNode {
    /** What a node is. */
    public enum Role {
        CONTROLLER, BROKER, STREAMS, GATEWAY, BALANCER;

        /** The role as {@code cluster status} shows it: {@code controller}, {@code broker}, ... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What one health check found.
     *
     * @param healthy whether the node does its job (see {@link LocalCluster} for what that means per role)
     * @param detail  one line on what was seen, e.g. {@code "200 /healthz"} or {@code "not running"}
     */
    public record Health(boolean healthy, String detail) {
        static Health up(String detail) {
            return new Health(true, detail);
        }

        static Health down(String detail) {
            return new Health(false, detail);
        }
    }

    private final String name;
    private final Role role;
    private final Map<String, Integer> ports;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path directory;
    private final Path logFile;
    private final Supplier<Health> check;
    private final ExecutorService launcher;
    private final Duration stopGrace;
    private final Runnable changed;
    private final Object control = new Object();
    private volatile Process process;

    ClusterNode(String name, Role role, Map<String, Integer> ports, List<String> command, Map<String, String> environment,
                Path directory, Path logFile, Supplier<Health> check, ExecutorService launcher, Duration stopGrace,
                Runnable changed) {
        this.name = name;
        this.role = role;
        this.ports = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ports));
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.directory = directory;
        this.logFile = logFile;
        this.check = check;
        this.launcher = launcher;
        this.stopGrace = stopGrace;
        this.changed = changed;
    }

    /** {@code controller-1}, {@code broker-1}, {@code streams-2}, {@code gateway-1}, {@code balancer}. */
    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    /**
     * What listens where, in the order {@code cluster status} lists them: a controller's {@code quorum}, a broker's
     * {@code client}, a streams process's {@code query} (state query API), a gateway's {@code public} (behind the
     * balancer, PROXY protocol required) and {@code admin}, the balancer's {@code public} and {@code stats}.
     */
    public Map<String, Integer> ports() {
        return ports;
    }

    /** The command line that starts it (the same on every start). */
    public List<String> command() {
        return command;
    }

    /** The node's own directory: its configuration file and data. */
    public Path directory() {
        return directory;
    }

    /** Its standard output and error, appended on every start (each start begins with a {@code === start} line). */
    public Path logFile() {
        return logFile;
    }

    /** The process id of its running process; empty when it is not running. */
    public OptionalLong pid() {
        Process p = process;
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    /** Whether its process is running (it may still be starting: see {@link #healthy()}). */
    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The exit status of its last process, once that has exited; empty while running or never started. */
    public java.util.Optional<Integer> lastExit() {
        Process p = process;
        return p != null && !p.isAlive() ? java.util.Optional.of(p.exitValue()) : java.util.Optional.empty();
    }

    /**
     * Starts its process unless it is running already (then nothing happens).
     *
     * @throws UncheckedIOException when the process cannot be started (e.g. the binary is missing)
     */
    public void start() {
        synchronized (control) {
            if (alive()) return;
            launch();
        }
        changed.run();
    }

    private void launch() {
        try {
            Files.writeString(logFile, "=== start " + Instant.now() + ": " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(key -> key.startsWith("PARLEY_"));
            builder.environment().putAll(environment);
            // Started on the cluster's one long-lived launcher thread: a child's parent-death signal (setpriv
            // --pdeathsig) fires when the thread that started it ends, so that thread must live as long as the cluster.
            process = onLauncher(builder::start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL, as a crash: returns once the process is gone. Nothing happens when it is not running. */
    public void kill() {
        synchronized (control) {
            if (process == null) return;
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        changed.run();
    }

    /**
     * An orderly stop: SIGTERM, then up to {@code local-cluster.stop-grace} for the process to finish (a gateway
     * drains its clients, a broker hands over its partitions), then SIGKILL. Returns once the process is gone.
     */
    public void stop() {
        synchronized (control) {
            if (process == null) return;
            if (process.isAlive()) {
                process.destroy();
                if (!awaitExit(stopGrace)) {
                    process.destroyForcibly();
                    awaitExit(Duration.ofSeconds(30));
                }
            }
        }
        changed.run();
    }

    /** One health check now; a node that is not running is unhealthy. Never throws. */
    public Health health() {
        if (!alive()) {
            return Health.down(lastExit().map(code -> "exited (" + code + ")").orElse("not running"));
        }
        try {
            return check.get();
        } catch (RuntimeException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Whether it is running and its health check passes now. */
    public boolean healthy() {
        return health().healthy();
    }

    /**
     * Waits until it is {@link #healthy()}, checking a few times a second.
     *
     * @throws IllegalStateException when it is not healthy within {@code timeout}, or its process exits meanwhile
     *                               (the message names its last health and its log file)
     */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Health last;
        while (true) {
            last = health();
            if (last.healthy()) return;
            if (!alive()) throw new IllegalStateException(name + " is not running (" + last.detail() + "); see " + logFile);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not healthy within " + timeout + " (" + last.detail() + "); see " + logFile);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private interface Start {
        Process start() throws IOException;
    }

    private Process onLauncher(Start start) throws IOException {
        try {
            return launcher.submit(start::start).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IllegalStateException("cannot start " + name, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("starting " + name + " took over a minute", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting " + name, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
