package dev.parley.ops.lag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.ops.lag.LagReport.GroupLag;
import dev.parley.ops.lag.LagReport.PartitionLag;
import dev.parley.schemas.json.Json;

/**
 * A {@link LagReport} as one JSON document on one line:
 * <pre>{"at": "2025-01-01T00:00:00Z", "groups": {"parley.guild-state": {"total_lag": 5, "partitions": [
 *   {"topic": "parley.guild-commands", "partition": 0, "committed_offset": 3, "log_start_offset": 0,
 *    "end_offset": 8, "lag": 5}]}}}</pre>
 * {@code committed_offset} is null when the group has none. Groups appear sorted by id.
 */
final class LagJson {

    private LagJson() {
    }

    static String render(LagReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("at", report.at().toString());
        ObjectNode groups = root.putObject("groups");
        for (GroupLag group : report.groups()) {
            ObjectNode node = groups.putObject(group.group());
            node.put("total_lag", group.totalLag());
            var partitions = node.putArray("partitions");
            for (PartitionLag p : group.partitions()) {
                ObjectNode partition = partitions.addObject();
                partition.put("topic", p.topic());
                partition.put("partition", p.partition());
                if (p.committed().isPresent()) partition.put("committed_offset", p.committed().getAsLong());
                else partition.putNull("committed_offset");
                partition.put("log_start_offset", p.logStart());
                partition.put("end_offset", p.end());
                partition.put("lag", p.lag());
            }
        }
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the lag report as JSON", e);
        }
    }
}
