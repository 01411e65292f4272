package dev.parley.ops.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entry point of every Java node of a {@link LocalCluster}:
 * {@code NodeMain <supervisor-pid> <main-class> <args...>} runs {@code main-class} with {@code args} and stops the
 * JVM (orderly: {@code System.exit}, so the node's shutdown hooks run, as on SIGTERM) as soon as the supervisor's
 * process is gone, so that no node outlives its supervisor, however the supervisor ended (SIGKILL included). On
 * Linux the supervisor also starts every node under {@code setpriv --pdeathsig TERM} when {@code setpriv} exists;
 * this watch covers the rest.
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: NodeMain <supervisor-pid> <main-class> [args...]");
            System.exit(2);
        }
        long supervisor = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(supervisor);
        if (parent.isEmpty()) {
            System.err.println("parley cluster node: supervisor " + supervisor + " is gone; not starting");
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("parley cluster node: supervisor " + supervisor + " is gone; stopping");
            System.exit(0);
        });
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
