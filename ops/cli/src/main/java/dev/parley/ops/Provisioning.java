package dev.parley.ops;

import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;

/** Creates the system's topics before any component starts. */
public final class Provisioning {

    private Provisioning() {
    }

    public static void ensureTopics(String bootstrapServers, String prefix) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner.ensure(admin, prefix, Topics.ALL);
        }
    }
}
