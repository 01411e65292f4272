package dev.parley.schemas;

import dev.parley.config.Settings;
import org.apache.kafka.clients.CommonClientConfigs;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How every Kafka client of a Parley process reaches the cluster: the bootstrap servers, and how long a client waits
 * at most between retries of a failed request ({@code retry.backoff.max.ms}) and between attempts to connect to a
 * broker that refused ({@code reconnect.backoff.max.ms}). After a broker dies, its partitions' clients ask for
 * metadata again and again until the controller has moved the leaders; Kafka's own defaults let those waits grow to
 * 1 s per hop, which a command crossing four clients (gateway producer, guild app consumer and producer, gateway
 * reply consumer) pays four times. Producers, consumers and admin clients start from {@link #config()}; streams apps
 * pass it to all of theirs.
 *
 * @param bootstrapServers    Kafka bootstrap servers ({@code host:port,...})
 * @param retryBackoffMax     {@link KafkaSettings#RETRY_BACKOFF_MAX}
 * @param reconnectBackoffMax {@link KafkaSettings#RECONNECT_BACKOFF_MAX}
 */
public record KafkaClients(String bootstrapServers, Duration retryBackoffMax, Duration reconnectBackoffMax) {

    /** The clients of {@code bootstrapServers} with the timing {@code settings} give. */
    public static KafkaClients from(String bootstrapServers, Settings settings) {
        return new KafkaClients(bootstrapServers, settings.get(KafkaSettings.RETRY_BACKOFF_MAX),
                settings.get(KafkaSettings.RECONNECT_BACKOFF_MAX));
    }

    /** The clients of {@code bootstrapServers} with the default timing. */
    public static KafkaClients at(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, KafkaSettings.RETRY_BACKOFF_MAX.defaultValue(),
                KafkaSettings.RECONNECT_BACKOFF_MAX.defaultValue());
    }

    /** A new, modifiable client configuration holding the bootstrap servers and the backoffs. */
    public Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, retryBackoffMax.toMillis());
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, reconnectBackoffMax.toMillis());
        return config;
    }
}
