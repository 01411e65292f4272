package dev.parley.gateway.rest;

import dev.parley.schemas.Partitioning;
import dev.parley.schemas.ids.GuildObjectIdGenerator;
import dev.parley.schemas.ids.SnowflakeGenerator;

/**
 * The ids this gateway makes for what its requests create, before it writes the command: the command carries them, so
 * a state app that processes it twice creates the same object once ({@link dev.parley.schemas.ids.Snowflake}
 * describes both layouts). Thread-safe.
 */
public final class IdMinter {
    private final SnowflakeGenerator topLevel;
    private final GuildObjectIdGenerator guildObjects;

    /** @param workerId this gateway's {@code gateway.worker-id}, distinct per gateway */
    public IdMinter(int workerId) {
        this.topLevel = new SnowflakeGenerator(workerId, 0);
        this.guildObjects = new GuildObjectIdGenerator(workerId);
    }

    /** A new guild's id. */
    public long guildId() {
        return topLevel.next();
    }

    /** A new user's id. */
    public long userId() {
        return topLevel.next();
    }

    /** The id of a new channel or message of {@code guildId}, naming its partition. */
    public long inGuild(long guildId) {
        return guildObjects.next(Partitioning.guildPartition(guildId));
    }
}
