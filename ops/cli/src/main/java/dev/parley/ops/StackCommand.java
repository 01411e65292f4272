package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code parley stack}: the whole system on this machine, until Ctrl-C. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Start the embedded Kafka broker, every streams app and a gateway; Ctrl-C stops them in order.")
final class StackCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Settings settings = config.settings();
        LocalStack stack = LocalStack.start(settings);
        printBanner(stack, settings);
        ShutdownLatch.awaitShutdown(stack::close);
        return 0;
    }

    private static void printBanner(LocalStack stack, Settings settings) {
        String http = stack.gateway().publicUrl().replaceFirst("^ws", "http");
        String kafka = stack.embeddedBroker()
                ? stack.bootstrapServers() + " (embedded; data in " + settings.get(StackSettings.DATA_DIR) + ")"
                : stack.bootstrapServers();
        System.out.println();
        System.out.println("Parley is starting. Ready when " + http + "/healthz says \"ready\".");
        System.out.println("  Gateway    " + stack.gateway().publicUrl() + "/?v=10&encoding=json");
        System.out.println("  REST       " + http + "/api/v10");
        System.out.println("  Kafka      " + kafka + ", topics prefixed '" + settings.get(KafkaSettings.TOPIC_PREFIX) + "'");
        if (settings.get(AuthSettings.REGISTRATION_ENABLED)) {
            System.out.println("  Register   curl -s -X POST " + http + "/api/v10/auth/register -H 'Content-Type: application/json' \\");
            System.out.println("               -d '{\"username\": \"alice\", \"bot\": true}'     (answers {\"token\", \"user\"})");
        }
        String admin = "http://localhost:" + stack.gateway().adminPort();
        System.out.println("  Token      ops/parley token <user-id>   (for an existing user; after a revocation: curl -s -X POST "
                + admin + "/admin/users/<user-id>/tokens with the admin token below)");
        String tokenFile = settings.get(ClusterSettings.METRICS_TOKEN).isBlank()
                ? Path.of(settings.get(StackSettings.DATA_DIR), StackSecrets.METRICS_FILE).toString() : null;
        String credential = tokenFile != null ? "\"Authorization: Bearer $(cat " + tokenFile + ")\""
                : "'Authorization: Bearer <cluster.metrics-token>'";
        System.out.println("  Metrics    curl -s " + admin + "/metrics -H " + credential + "   (gateway; streams apps: "
                + stack.stateQueryUrl() + "/metrics)");
        System.out.println("  Sessions   curl -s " + admin + "/admin/sessions -H 'Authorization: Bearer " + stack.adminToken() + "'");
        System.out.println("  Lag        ops/parley lag        Replay   ops/parley replay --guild <id>");
        System.out.println("  Stop       Ctrl-C");
        System.out.println();
    }
}
