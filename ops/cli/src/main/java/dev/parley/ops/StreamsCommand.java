package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code parley streams}: one instance of every streams app and the state query API, until stopped. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run one instance of every streams app with its state query API (needs kafka.bootstrap-servers "
                + "and cluster.secret).")
final class StreamsCommand implements Callable<Integer> {
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
        StreamsProcess process = StreamsProcess.start(settings, bootstrap, prefix,
                Path.of(settings.get(StackSettings.DATA_DIR)).resolve("streams"));
        ShutdownLatch.awaitShutdown(process::close);
        return 0;
    }
}
