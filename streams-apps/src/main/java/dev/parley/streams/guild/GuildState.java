package dev.parley.streams.guild;

import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.json.JsonSerde;
import dev.parley.schemas.presence.PresenceUpdate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to one task's guild stores: guilds, members and channel history. Used only on the task's
 * stream thread.
 */
final class GuildState {
    private static final JsonSerde<Guild> GUILD_SERDE = new JsonSerde<>(Guild.class);

    private final KeyValueStore<Long, Guild> guilds;
    private final KeyValueStore<Bytes, Member> members;
    private final KeyValueStore<Bytes, Message> messages;
    private final KeyValueStore<Long, Long> historySizes;
    private final KeyValueStore<Long, Long> historyFloors;
    private final KeyValueStore<Long, Long> channelGuilds;
    private final KeyValueStore<Bytes, PresenceUpdate> presences;
    private final int historyLimit;

    GuildState(ProcessingContext context, int historyLimit) {
        this.guilds = context.getStateStore(GuildStores.GUILDS);
        this.members = context.getStateStore(GuildStores.MEMBERS);
        this.messages = context.getStateStore(GuildStores.MESSAGES);
        this.historySizes = context.getStateStore(GuildStores.HISTORY_SIZES);
        this.historyFloors = context.getStateStore(GuildStores.HISTORY_FLOORS);
        this.channelGuilds = context.getStateStore(GuildStores.CHANNEL_GUILDS);
        this.presences = context.getStateStore(GuildStores.PRESENCES);
        this.historyLimit = historyLimit;
    }

    Guild guild(long guildId) {
        return guilds.get(guildId);
    }

    /** Whether {@code channelId} is the id of a channel of any guild of this task. */
    boolean channelTaken(long channelId) {
        return channelGuilds.get(channelId) != null;
    }

    /** How many bytes {@code guild} takes as a state (and changelog) record. */
    long recordSize(Guild guild) {
        return GUILD_SERDE.serialize(GuildStores.GUILDS, guild).length;
    }

    /** Stores {@code guild}, keeping the channel index in step with its channels. */
    void put(Guild guild) {
        Guild old = guilds.get(guild.id());
        if (old != null) {
            for (var channel : old.channels()) {
                if (guild.channel(channel.id()) == null) channelGuilds.delete(channel.id());
            }
        }
        for (var channel : guild.channels()) {
            if (old == null || old.channel(channel.id()) == null) channelGuilds.put(channel.id(), guild.id());
        }
        guilds.put(guild.id(), guild);
    }

    Member member(long guildId, long userId) {
        return members.get(Keys.pair(guildId, userId));
    }

    void putMember(long guildId, Member member) {
        members.put(Keys.pair(guildId, member.user().id()), member);
    }

    /** Removes the member and their presence in the guild. */
    void removeMember(long guildId, long userId) {
        members.delete(Keys.pair(guildId, userId));
        presences.delete(Keys.pair(guildId, userId));
    }

    /** Keeps an online member's presence; forgets an offline one's or a non-member's. */
    void presence(PresenceUpdate update) {
        Bytes key = Keys.pair(update.guildId(), update.user().id());
        if (update.online() && members.get(key) != null) presences.put(key, update);
        else presences.delete(key);
    }

    Message message(long channelId, long messageId) {
        return messages.get(Keys.pair(channelId, messageId));
    }

    /** Adds {@code message} to its channel's history, dropping the oldest (by id) beyond the limit. */
    void append(Message message) {
        messages.put(Keys.pair(message.channelId(), message.id()), message);
        long size = historySize(message.channelId()) + 1;
        if (size > historyLimit) {
            Long floor = historyFloors.get(message.channelId());
            // a message older than the floor (a post trimmed before and processed again, or one from a gateway whose clock
            // is behind) is itself the oldest, and goes first
            Bytes from = floor == null ? Keys.first(message.channelId())
                    : Keys.pair(message.channelId(), Math.min(floor, message.id()));
            try (KeyValueIterator<Bytes, Message> oldest = messages.range(from, Keys.last(message.channelId()))) {
                if (oldest.hasNext()) {
                    messages.delete(oldest.next().key);
                    size--;
                    if (oldest.hasNext()) historyFloors.put(message.channelId(), Keys.inner(oldest.next().key));
                }
            }
        }
        historySizes.put(message.channelId(), size);
    }

    void removeMessage(long channelId, long messageId) {
        if (messages.delete(Keys.pair(channelId, messageId)) != null) {
            historySizes.put(channelId, Math.max(0, historySize(channelId) - 1));
        }
    }

    /** Deletes a channel's whole history. */
    void dropHistory(long channelId) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, Message> all = messages.range(Keys.first(channelId), Keys.last(channelId))) {
            all.forEachRemaining((KeyValue<Bytes, Message> entry) -> keys.add(entry.key));
        }
        keys.forEach(messages::delete);
        historySizes.delete(channelId);
        historyFloors.delete(channelId);
    }

    private long historySize(long channelId) {
        Long size = historySizes.get(channelId);
        return size == null ? 0 : size;
    }
}
