package dev.parley.streams.guild;

import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.ChannelCreated;
import dev.parley.schemas.guild.ChannelDeleted;
import dev.parley.schemas.guild.ChannelRef;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import org.apache.kafka.streams.KeyValue;

import java.util.List;

/** The channel index entries a guild event implies: channel id → its guild, or a tombstone for a deleted channel. */
final class ChannelIndex {

    private ChannelIndex() {
    }

    static List<KeyValue<Long, ChannelRef>> entries(Long guildId, GuildEvent event) {
        if (event instanceof GuildCreated created) {
            return created.guild().channels().stream().map(c -> entry(c, guildId)).toList();
        }
        if (event instanceof ChannelCreated created) return List.of(entry(created.channel(), guildId));
        if (event instanceof ChannelDeleted deleted) return List.of(KeyValue.pair(deleted.channel().id(), null));
        return List.of();
    }

    private static KeyValue<Long, ChannelRef> entry(Channel channel, long guildId) {
        return KeyValue.pair(channel.id(), new ChannelRef(channel.id(), guildId));
    }
}
