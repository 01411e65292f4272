package dev.parley.streams.guild;

/** Names of the guild state app's stores; each also names its changelog topic. */
public final class GuildStores {
    /** Guild id → {@link dev.parley.schemas.guild.Guild} (with channels and roles). */
    public static final String GUILDS = "guilds";

    private GuildStores() {
    }
}
