package dev.parley.ops;

import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.auth.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code parley token <user-id>}: mints a token for an existing user with the deployment's secret. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a token for a user id, signed with auth.token-secret (or the local stack's generated secret).")
final class TokenCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER_ID", description = "The user's snowflake id.")
    long userId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var settings = TokenSecret.ensure(config.settings());
        spec.commandLine().getOut().println(new Tokens(settings.get(AuthSettings.TOKEN_SECRET)).mint(userId, System.currentTimeMillis() / 1000));
        return 0;
    }
}
