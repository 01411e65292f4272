package dev.parley.streams.presence;

import dev.parley.schemas.session.GatewayHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Fills the global liveness store from {@code gateway-heartbeats}, stamping each heartbeat with this instance's
 * clock when received: a gateway's clock never decides whether it is alive. A tombstone (a gateway that stopped
 * cleanly) marks it long dead, so any session whose end was not announced is taken away too. A gateway writes each
 * heartbeat to two partitions and its tombstone to all of them, which arrive in any order: a record older (by its
 * timestamp, the gateway's send time) than the newest one seen of its gateway changes nothing, so a heartbeat late
 * from a partition that was stalled cannot bring a stopped gateway back.
 */
final class LivenessRecorder implements Processor<String, GatewayHeartbeat, Void, Void> {
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, GatewayHeartbeat> liveness;
    /** Per gateway, the timestamp of the newest record taken; in memory, like the store (both refilled on a restart). */
    private final Map<String, Long> newest = new HashMap<>();

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.liveness = context.getStateStore(PresenceStores.GATEWAY_LIVENESS);
    }

    @Override
    public void process(Record<String, GatewayHeartbeat> record) {
        if (record.key() == null) return;
        Long seen = newest.get(record.key());
        if (seen != null && record.timestamp() < seen) return;
        newest.put(record.key(), record.timestamp());
        if (record.value() == null) {
            liveness.put(record.key(), new GatewayHeartbeat(record.key(), 0, 0, null, null));
        } else {
            liveness.put(record.key(), new GatewayHeartbeat(record.value().gatewayId(), context.currentSystemTimeMs(),
                    record.value().intervalMs(), record.value().workerId(), record.value().startedAt()));
        }
    }
}
