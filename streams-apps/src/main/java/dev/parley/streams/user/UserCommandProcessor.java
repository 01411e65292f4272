package dev.parley.streams.user;

import dev.parley.schemas.guild.User;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.UserCommand;
import dev.parley.schemas.user.Usernames;
import dev.parley.streams.Outcome;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/** Applies one user command to the {@code users} store; runs on the user's partition's stream thread. */
final class UserCommandProcessor implements FixedKeyProcessor<Long, UserCommand, Outcome<Void>> {
    private FixedKeyProcessorContext<Long, Outcome<Void>> context;
    private KeyValueStore<Long, User> users;

    @Override
    public void init(FixedKeyProcessorContext<Long, Outcome<Void>> context) {
        this.context = context;
        this.users = context.getStateStore(UserStores.USERS);
    }

    @Override
    public void process(FixedKeyRecord<Long, UserCommand> record) {
        UserCommand command = record.value();
        if (command == null) return;
        Outcome<Void> outcome;
        if (command instanceof RegisterUser register) {
            outcome = register(register);
        } else {
            throw new IllegalStateException("unhandled command " + command.getClass().getSimpleName());
        }
        context.forward(record.withValue(outcome));
    }

    private Outcome<Void> register(RegisterUser command) {
        User user = command.user();
        String problem = Usernames.problem(user.username());
        if (problem != null) return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "username", problem);
        if (users.get(user.id()) != null) {
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "id", "user " + user.id() + " already exists");
        }
        users.put(user.id(), user);
        return Outcome.accepted(command, List.of(), user);
    }
}
