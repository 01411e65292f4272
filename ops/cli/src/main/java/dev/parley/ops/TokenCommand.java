package dev.parley.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.auth.Tokens;
import dev.parley.schemas.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code parley token <user-id>}: mints a token for an existing user with the deployment's secret, at token generation
 * {@code --generation} (0, a user's first, unless their tokens were revoked); or, with {@code --admin URL}, asks a
 * gateway's admin API ({@code POST /admin/users/{id}/tokens}, with {@code gateway.admin.token}), which mints one at
 * the user's current generation.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a token for a user id, signed with auth.token-secret (or the local stack's generated secret).")
final class TokenCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER_ID", description = "The user's snowflake id.")
    long userId;

    @Option(names = "--generation", paramLabel = "N", defaultValue = "0",
            description = "The user's current token generation: 0, plus one per revocation (default: ${DEFAULT-VALUE}).")
    long generation;

    @Option(names = "--admin", paramLabel = "URL",
            description = "Ask this gateway admin listener (e.g. http://localhost:8081) for a token at the user's current "
                    + "generation instead, with gateway.admin.token.")
    String admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (admin != null) {
            spec.commandLine().getOut().println(askAdmin());
            return 0;
        }
        if (generation < 0) throw new IllegalArgumentException("--generation must be 0 or more: " + generation);
        var settings = StackSecrets.ensureTokenSecret(config.settings());
        spec.commandLine().getOut().println(new Tokens(settings.get(AuthSettings.TOKEN_SECRET))
                .mint(userId, generation, System.currentTimeMillis() / 1000));
        return 0;
    }

    private String askAdmin() throws IOException, InterruptedException {
        String token = config.settings().get(GatewaySettings.ADMIN_TOKEN);
        if (token.isBlank()) throw new IllegalArgumentException("--admin needs gateway.admin.token (PARLEY_GATEWAY_ADMIN_TOKEN)");
        URI uri = URI.create(admin.replaceAll("/+$", "") + "/admin/users/" + userId + "/tokens");
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + body.path("message").asText());
        }
        return body.get("token").asText();
    }
}
