package dev.parley.streams;

import dev.parley.config.Settings;
import dev.parley.schemas.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * With the streams group protocol ({@code streams.group-protocol=streams}) a group's session timeout, heartbeat
 * interval and standby replicas are the group's own configuration, kept by the brokers: before its apps start, a
 * streams process sets them for each app's group from {@code streams.session-timeout}, {@code
 * streams.heartbeat-interval} and {@code streams.standby-replicas} (every instance sets the same values). With the
 * classic protocol each member sends its own, and this does nothing.
 */
public final class StreamsGroups {
    private static final long TIMEOUT_SECONDS = 30;

    private StreamsGroups() {
    }

    /** @throws IllegalStateException when the brokers do not take the configuration (e.g. below their minimums) */
    public static void configure(KafkaClients kafka, List<String> applicationIds, Settings settings) {
        if (!"streams".equalsIgnoreCase(settings.get(StreamsSettings.GROUP_PROTOCOL))) return;
        List<AlterConfigOp> ops = List.of(
                set("streams.session.timeout.ms", settings.get(StreamsSettings.SESSION_TIMEOUT).toMillis()),
                set("streams.heartbeat.interval.ms", settings.get(StreamsSettings.HEARTBEAT_INTERVAL).toMillis()),
                set("streams.num.standby.replicas", settings.get(StreamsSettings.STANDBY_REPLICAS)));
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String id : applicationIds) changes.put(new ConfigResource(ConfigResource.Type.GROUP, id), ops);
        try (Admin admin = Admin.create(kafka.config())) {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the brokers refused the streams groups' configuration: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static AlterConfigOp set(String name, long value) {
        return new AlterConfigOp(new ConfigEntry(name, Long.toString(value)), AlterConfigOp.OpType.SET);
    }
}
