package dev.parley.gateway.fanout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.schemas.guild.ChannelCreated;
import dev.parley.schemas.guild.ChannelDeleted;
import dev.parley.schemas.guild.ChannelUpdated;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.GuildMemberUpdated;
import dev.parley.schemas.guild.GuildUpdated;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.MessageDeleted;
import dev.parley.schemas.guild.TypingStarted;
import dev.parley.schemas.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** Each guild event's Discord dispatch: the intent a session needs for it and its {@code d}, serialized once. */
final class EventPayloads {

    private EventPayloads() {
    }

    /** The intent a session must have to receive {@code event}'s dispatch. */
    static long intent(GuildEvent event) {
        if (event instanceof GuildMemberAdded || event instanceof GuildMemberRemoved || event instanceof GuildMemberUpdated) {
            return Intents.GUILD_MEMBERS;
        }
        if (event instanceof MessageCreated || event instanceof MessageDeleted) return Intents.GUILD_MESSAGES;
        if (event instanceof TypingStarted) return Intents.GUILD_MESSAGE_TYPING;
        return Intents.GUILDS;
    }

    /**
     * {@code event}'s dispatch, serialized once for every recipient (for a message: with its content). TYPING_START
     * may be dropped by a congested session.
     */
    static Dispatch dispatch(GuildEvent event) {
        byte[] payload = payload(event);
        return event instanceof TypingStarted ? Dispatch.droppable(event.dispatchType(), payload)
                : Dispatch.of(event.dispatchType(), payload);
    }

    /** {@code d} of {@code event}'s dispatch (for a message: with its content). */
    private static byte[] payload(GuildEvent event) {
        return V10JsonCodec.payload(tree(event));
    }

    private static ObjectNode memberOf(long guildId, dev.parley.schemas.guild.Member member) {
        ObjectNode node = Json.MAPPER.valueToTree(member);
        node.put("guild_id", Long.toString(guildId));
        return node;
    }

    private static Object tree(GuildEvent event) {
        if (event instanceof GuildUpdated e) return GuildPayloads.guild(e.guild());
        if (event instanceof ChannelCreated e) return GuildPayloads.channel(e.channel());
        if (event instanceof ChannelUpdated e) return GuildPayloads.channel(e.channel());
        if (event instanceof ChannelDeleted e) return GuildPayloads.channel(e.channel());
        if (event instanceof GuildMemberAdded e) return memberOf(e.guildId(), e.member());
        if (event instanceof GuildMemberUpdated e) return memberOf(e.guildId(), e.member());
        if (event instanceof GuildMemberRemoved e) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("guild_id", Long.toString(e.guildId()));
            d.put("user", e.user());
            return d;
        }
        if (event instanceof MessageCreated e) return e.message();
        if (event instanceof MessageDeleted e) {
            return Map.of("id", Long.toString(e.messageId()), "channel_id", Long.toString(e.channelId()),
                    "guild_id", Long.toString(e.guildId()));
        }
        if (event instanceof TypingStarted e) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("channel_id", Long.toString(e.channelId()));
            d.put("guild_id", Long.toString(e.guildId()));
            d.put("user_id", Long.toString(e.userId()));
            d.put("timestamp", e.timestamp());
            d.put("member", e.member());
            return d;
        }
        if (event instanceof GuildCreated e) return GuildPayloads.guild(e.guild());
        throw new IllegalArgumentException("no dispatch for " + event.getClass().getSimpleName());
    }
}
