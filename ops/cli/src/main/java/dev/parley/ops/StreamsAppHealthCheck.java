package dev.parley.ops;

import dev.parley.gateway.http.HealthCheck;
import dev.parley.streams.StreamsApp;
import org.apache.kafka.streams.KafkaStreams;

/** A streams app is up when Kafka Streams reports RUNNING. */
final class StreamsAppHealthCheck implements HealthCheck {
    private final StreamsApp app;

    StreamsAppHealthCheck(StreamsApp app) {
        this.app = app;
    }

    @Override
    public String name() {
        return app.name();
    }

    @Override
    public Status check() {
        KafkaStreams.State state = app.state();
        return new Status(state == KafkaStreams.State.RUNNING, state.name());
    }
}
