package dev.parley.load;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of the scenarios that talk to Kafka directly. */
final class KafkaOptions {
    @Option(names = "--bootstrap", defaultValue = "localhost:9092", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--prefix", defaultValue = "parley.", description = "The deployment's topic prefix.")
    String prefix;

    @Option(names = "--out", defaultValue = "load-results")
    Path out;
}
