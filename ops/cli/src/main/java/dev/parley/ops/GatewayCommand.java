package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.Gateway;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code parley gateway}: one gateway node against an existing cluster and state query API, until stopped. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run one gateway node (needs kafka.bootstrap-servers, gateway.state-query-urls and cluster.secret).")
final class GatewayCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Settings settings = config.settings();
        String bootstrap = settings.get(KafkaSettings.BOOTSTRAP_SERVERS);
        if (bootstrap.isBlank()) throw new IllegalArgumentException("kafka.bootstrap-servers is required");
        ClusterCredential.required(settings);
        String prefix = settings.get(KafkaSettings.TOPIC_PREFIX);
        Provisioning.ensureTopics(bootstrap, prefix);
        Gateway gateway = Gateway.start(settings, bootstrap, prefix, List.of());
        ShutdownLatch.awaitShutdown(gateway::close);
        return 0;
    }
}
