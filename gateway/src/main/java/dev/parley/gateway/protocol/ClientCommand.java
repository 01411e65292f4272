package dev.parley.gateway.protocol;

/** A payload a client sends, decoded by {@link V10JsonCodec}. */
public sealed interface ClientCommand
        permits ClientCommand.Heartbeat, Identify, Resume, ClientCommand.PresenceUpdate, ClientCommand.VoiceStateUpdate,
        RequestGuildMembers {

    /** Op 1, with the last sequence number the client saw (or null). */
    record Heartbeat(Long lastSequence) implements ClientCommand {
    }

    /** Op 3: the client's new presence. */
    record PresenceUpdate(dev.parley.schemas.session.Presence presence) implements ClientCommand {
    }

    /** Op 4: accepted and ignored; this server has no voice. */
    record VoiceStateUpdate(String guildId, String channelId) implements ClientCommand {
    }
}
