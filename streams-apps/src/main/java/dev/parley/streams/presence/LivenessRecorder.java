package dev.parley.streams.presence;

import dev.parley.schemas.session.GatewayHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fills the global liveness store from {@code gateway-heartbeats}, stamping each heartbeat with this instance's
 * clock when received: a gateway's clock never decides whether it is alive. A tombstone (a gateway that stopped
 * cleanly) marks it long dead, so any session whose end was not announced is taken away too.
 */
final class LivenessRecorder implements Processor<String, GatewayHeartbeat, Void, Void> {
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, GatewayHeartbeat> liveness;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.liveness = context.getStateStore(PresenceStores.GATEWAY_LIVENESS);
    }

    @Override
    public void process(Record<String, GatewayHeartbeat> record) {
        if (record.key() == null) return;
        if (record.value() == null) {
            liveness.put(record.key(), new GatewayHeartbeat(record.key(), 0, 0, null, null));
        } else {
            liveness.put(record.key(), new GatewayHeartbeat(record.value().gatewayId(), context.currentSystemTimeMs(),
                    record.value().intervalMs(), record.value().workerId(), record.value().startedAt()));
        }
    }
}
