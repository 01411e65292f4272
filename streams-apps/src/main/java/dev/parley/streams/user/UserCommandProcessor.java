package dev.parley.streams.user;

import dev.parley.schemas.guild.SyncMemberUser;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.query.TokenGeneration;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.RevokeTokens;
import dev.parley.schemas.user.UpdateProfile;
import dev.parley.schemas.user.UserCommand;
import dev.parley.schemas.user.UserGuilds;
import dev.parley.schemas.user.UserTokensRevoked;
import dev.parley.schemas.user.UserUpdated;
import dev.parley.schemas.user.Usernames;
import dev.parley.streams.CommandDeadline;
import dev.parley.streams.Outcome;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies one user command to the {@code users} store; runs on the user's partition's stream thread. A profile
 * change is announced to the user's own sessions ({@code user-events}) and to each of their guilds (a
 * {@link SyncMemberUser} command, so the guild app updates the member and tells the guild's members). Revoking a
 * user's tokens bumps their generation in {@code user-token-generations} and is announced on {@code user-events}.
 */
final class UserCommandProcessor implements FixedKeyProcessor<Long, UserCommand, Outcome<UserEffect>> {
    static final int GLOBAL_NAME_MAX = 32;
    private static final Pattern AVATAR_HASH = Pattern.compile("(a_)?[0-9a-f]{32}");

    private FixedKeyProcessorContext<Long, Outcome<UserEffect>> context;
    private KeyValueStore<Long, User> users;
    private KeyValueStore<Long, UserGuilds> guilds;
    private KeyValueStore<Long, Long> generations;

    @Override
    public void init(FixedKeyProcessorContext<Long, Outcome<UserEffect>> context) {
        this.context = context;
        this.users = context.getStateStore(UserStores.USERS);
        this.guilds = context.getStateStore(UserStores.USER_GUILDS);
        this.generations = context.getStateStore(UserStores.TOKEN_GENERATIONS);
    }

    @Override
    public void process(FixedKeyRecord<Long, UserCommand> record) {
        UserCommand command = record.value();
        if (command == null) return;
        Outcome<UserEffect> outcome = CommandDeadline.refuseIfExpired(command, record.headers(), context.currentSystemTimeMs());
        if (outcome != null) {
            context.forward(record.withValue(outcome));
            return;
        }
        if (command instanceof RegisterUser register) {
            outcome = register(register);
        } else if (command instanceof UpdateProfile update) {
            outcome = update(update);
        } else if (command instanceof RevokeTokens revoke) {
            outcome = revoke(revoke);
        } else {
            throw new IllegalStateException("unhandled command " + command.getClass().getSimpleName());
        }
        context.forward(record.withValue(outcome));
    }

    private Outcome<UserEffect> register(RegisterUser command) {
        User user = command.user();
        String problem = Usernames.problem(user.username());
        if (problem != null) return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "username", problem);
        User existing = users.get(user.id());
        if (existing != null) {
            // this very command, processed again (the gateway made the id for it): answer it the same way
            if (existing.equals(user)) return Outcome.accepted(command, List.of(), user);
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "id", "user " + user.id() + " already exists");
        }
        users.put(user.id(), user);
        return Outcome.accepted(command, List.of(), user);
    }

    /** Every token minted so far stops working: the generation moves on, and the user's gateways are told. */
    private Outcome<UserEffect> revoke(RevokeTokens command) {
        if (users.get(command.userId()) == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_USER, null, "unknown user " + command.userId());
        }
        Long stored = generations.get(command.userId());
        long current = stored == null ? 0 : stored;
        long next = Math.max(current, command.fromGeneration() + 1);
        if (next != current) generations.put(command.userId(), next);
        return Outcome.accepted(command, List.of(new UserEffect.ToUsers(new UserTokensRevoked(command.userId(), next))),
                new TokenGeneration(command.userId(), next));
    }

    private Outcome<UserEffect> update(UpdateProfile command) {
        User old = users.get(command.userId());
        if (old == null) return Outcome.rejected(command, Rejection.UNKNOWN_USER, null, "unknown user " + command.userId());
        if (command.username() != null) {
            String problem = Usernames.problem(command.username());
            if (problem != null) return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "username", problem);
        }
        if (command.globalName() != null) {
            int length = command.globalName().strip().length();
            if (length < 1 || length > GLOBAL_NAME_MAX) {
                return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "global_name",
                        "global_name must be 1-" + GLOBAL_NAME_MAX + " characters, got " + length);
            }
        }
        if (command.avatar() != null && !AVATAR_HASH.matcher(command.avatar()).matches()) {
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "avatar",
                    "avatar must be an image hash (32 hex digits, 'a_' first when animated)");
        }
        User user = new User(old.id(), command.username() == null ? old.username() : command.username(),
                command.clearGlobalName() ? null : command.globalName() == null ? old.globalName() : command.globalName().strip(),
                old.discriminator(), command.clearAvatar() ? null : command.avatar() == null ? old.avatar() : command.avatar(),
                old.bot());
        if (user.equals(old)) return Outcome.accepted(command, List.of(), user);
        users.put(user.id(), user);
        List<UserEffect> effects = new ArrayList<>();
        effects.add(new UserEffect.ToUsers(new UserUpdated(user.id(), user)));
        UserGuilds memberOf = guilds.get(user.id());
        if (memberOf != null) {
            for (long guildId : memberOf.guildIds()) {
                effects.add(new UserEffect.ToGuild(new SyncMemberUser(command.requestId() + ":" + guildId, null, guildId, user)));
            }
        }
        return Outcome.accepted(command, effects, user);
    }
}
