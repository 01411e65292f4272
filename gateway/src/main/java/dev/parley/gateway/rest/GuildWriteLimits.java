package dev.parley.gateway.rest;

import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;

/**
 * The limits the guild endpoints check before they write a command, resolved once from {@link GatewaySettings}
 * (which documents each); the field sizes are {@link dev.parley.schemas.guild.GuildFields}'.
 */
public record GuildWriteLimits(int maxGuildsPerUser, long imageMaxBytes) {

    public static GuildWriteLimits from(Settings settings) {
        return new GuildWriteLimits(settings.get(GatewaySettings.MAX_GUILDS_PER_USER),
                settings.get(GatewaySettings.IMAGE_MAX_BYTES));
    }
}
