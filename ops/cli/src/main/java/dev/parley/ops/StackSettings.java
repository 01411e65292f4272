package dev.parley.ops;

import dev.parley.config.Setting;

import java.util.List;

/** Settings of the one-command local stack. */
public final class StackSettings {
    public static final Setting<String> DATA_DIR = Setting.ofString("data.dir", "./data",
            "Where the local stack keeps the embedded broker's log and the streams apps' RocksDB state; "
                    + "it survives restarts. Delete it to start from nothing.");
    public static final Setting<Integer> EMBEDDED_KAFKA_PORT = Setting.ofInt("kafka.embedded.port", 9092,
            "Client port of the embedded broker the local stack starts when kafka.bootstrap-servers is empty.");

    public static final List<Setting<?>> ALL = List.of(DATA_DIR, EMBEDDED_KAFKA_PORT);

    private StackSettings() {
    }
}
