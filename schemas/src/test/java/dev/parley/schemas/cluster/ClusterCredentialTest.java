package dev.parley.schemas.cluster;

import dev.parley.config.Settings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterCredentialTest {
    private static final String SECRET = "cluster-secret-of-enough-length";

    @Test
    void shouldMatchOnlyTheBearerHeaderCarryingTheSecret() {
        ClusterCredential credential = ClusterCredential.of(SECRET);
        assertEquals("Bearer " + SECRET, credential.headerValue());
        assertTrue(credential.matches("Bearer " + SECRET));
        assertFalse(credential.matches(null), "no header");
        assertFalse(credential.matches(""));
        assertFalse(credential.matches(SECRET), "bare secret, no scheme");
        assertFalse(credential.matches("Bearer " + SECRET.substring(1)), "wrong secret");
        assertFalse(credential.matches("Bearer " + SECRET + "x"), "longer");
        assertFalse(credential.matches("Bearer " + SECRET.substring(0, SECRET.length() - 1)), "a prefix");
        assertFalse(credential.matches("Bot " + SECRET), "other scheme");
    }

    @Test
    void shouldCarryAndMatchNothingWithoutASecret() {
        ClusterCredential none = ClusterCredential.from(Settings.defaults());
        assertFalse(none.configured());
        assertNull(none.headerValue());
        assertFalse(none.matches("Bearer "));
        assertFalse(none.matches(null));
        assertTrue(ClusterCredential.from(Settings.defaults().with(ClusterSettings.SECRET, SECRET)).matches("Bearer " + SECRET));
    }

    @Test
    void shouldRefuseASecretShorterThanSixteenBytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterCredential.from(Settings.defaults().with(ClusterSettings.SECRET, "short")));
        assertTrue(e.getMessage().contains("cluster.secret"), e.getMessage());
    }

    @Test
    void shouldReadTheMetricsTokenOfItsOwnSettingAndRefuseAShortOne() {
        assertFalse(ClusterCredential.metrics(Settings.defaults()).configured(), "none by default");
        ClusterCredential metrics = ClusterCredential.metrics(Settings.defaults().with(ClusterSettings.SECRET, SECRET)
                .with(ClusterSettings.METRICS_TOKEN, "metrics-token-of-enough-length"));
        assertTrue(metrics.matches("Bearer metrics-token-of-enough-length"));
        assertFalse(metrics.matches("Bearer " + SECRET), "the cluster secret is another credential");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterCredential.metrics(Settings.defaults().with(ClusterSettings.METRICS_TOKEN, "short")));
        assertTrue(e.getMessage().contains("cluster.metrics-token"), e.getMessage());
    }

    @Test
    void shouldLetOnlyLoopbackListenersStartWithoutASecret() {
        ClusterCredential none = ClusterCredential.none();
        none.requireFor("127.0.0.1", "streams.query-host");
        none.requireFor("localhost", "streams.query-host");
        none.requireFor("::1", "streams.query-host");
        for (String open : new String[]{"0.0.0.0", "::", "", "10.1.2.3", "no-such-host.invalid"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> none.requireFor(open, "streams.query-host"), open);
            assertTrue(e.getMessage().contains("streams.query-host") && e.getMessage().contains("cluster.secret")
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
        ClusterCredential.of(SECRET).requireFor("0.0.0.0", "gateway.admin.host");
    }
}
