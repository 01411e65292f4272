package dev.parley.streams.errors;

import dev.parley.schemas.Topics;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Map;

/**
 * What the dead-letter handlers read from the app's configuration when Kafka Streams configures them: the
 * deployment's topic prefix ({@value #TOPIC_PREFIX}), the app's name, its {@link DeadLetterCounts} and its
 * {@link DeadLetterProducer}.
 */
record DeadLetterConfig(String app, String deadLetterTopic, String replyTopic, DeadLetterCounts counts,
                        DeadLetterProducer producer) {
    /** The configuration key of the deployment's topic prefix. */
    static final String TOPIC_PREFIX = "parley.topic-prefix";

    static DeadLetterConfig from(Map<String, ?> configs) {
        Object prefix = configs.get(TOPIC_PREFIX);
        Object counts = configs.get(DeadLetterCounts.CONFIG);
        Object producer = configs.get(DeadLetterProducer.CONFIG);
        if (!(prefix instanceof String p) || !(counts instanceof DeadLetterCounts c) || !(producer instanceof DeadLetterProducer d)) {
            throw new IllegalStateException("the dead-letter handlers need " + TOPIC_PREFIX + ", " + DeadLetterCounts.CONFIG
                    + " and " + DeadLetterProducer.CONFIG + " in the app's configuration (see StreamsAppContext.baseConfig)");
        }
        String applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        String app = applicationId.startsWith(p) ? applicationId.substring(p.length()) : applicationId;
        return new DeadLetterConfig(app, Topics.DEAD_LETTERS.withPrefix(p).name(), Topics.COMMAND_REPLIES.withPrefix(p).name(),
                c, d);
    }
}
