package dev.parley.kafka.testkit;

import dev.parley.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Gives tests a real Kafka broker: started once per test run (per JVM) and stopped when the run ends; each
 * {@link TestKafka} parameter it resolves carries a namespace of its own.
 *
 * <p>Which broker, in order:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set: that cluster, never started or stopped here;</li>
 *   <li>{@code PARLEY_TEST_KAFKA=testcontainers}: an {@code apache/kafka} container (needs a Docker engine);</li>
 *   <li>otherwise: an {@link EmbeddedKafkaBroker} in this JVM, with its data under
 *       {@code PARLEY_TEST_BROKER_DIR} (default: a temporary directory), wiped at start.</li>
 * </ol>
 */
public final class KafkaBrokerExtension implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Broker broker = context.getRoot().getStore(STORE).getOrComputeIfAbsent(Broker.class, k -> Broker.start(), Broker.class);
        return new TestKafka(broker.bootstrapServers(), "t" + TESTS.incrementAndGet() + "-" + RUN);
    }

    /** The run's broker; the root store closes it when the run ends. */
    private record Broker(String bootstrapServers, AutoCloseable owned) implements AutoCloseable {

        static Broker start() {
            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                log.info("tests use the Kafka cluster at {}", external);
                return new Broker(external, () -> { });
            }
            if ("testcontainers".equalsIgnoreCase(System.getenv("PARLEY_TEST_KAFKA"))) {
                KafkaContainer container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());
                container.start();
                return new Broker(container.getBootstrapServers(), container::stop);
            }
            Path dir = brokerDir();
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
            return new Broker(broker.bootstrapServers(), broker);
        }

        private static Path brokerDir() {
            try {
                String configured = System.getenv("PARLEY_TEST_BROKER_DIR");
                if (configured == null || configured.isBlank()) return Files.createTempDirectory("parley-test-broker");
                Path dir = Path.of(configured);
                if (Files.exists(dir)) {
                    try (Stream<Path> paths = Files.walk(dir)) {
                        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                return Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the test broker's directory", e);
            }
        }

        @Override
        public void close() throws Exception {
            owned.close();
        }
    }
}
