package dev.parley.gateway.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxySourcesTest {
    private static final String KEY = "gateway.proxy-protocol.trusted-sources";

    @Test
    void shouldTrustOnlyPeersInsideItsBlocks() throws Exception {
        ProxySources sources = ProxySources.parse("10.0.0.0/8, 192.0.2.7 ,2001:db8:aa::/48,,172.16.0.0/12", KEY);
        for (String trusted : new String[]{"10.0.0.1", "10.255.255.255", "192.0.2.7", "2001:db8:aa:ffff::1",
                "172.31.255.1"}) {
            assertTrue(sources.trusts(InetAddress.getByName(trusted)), trusted);
        }
        for (String stranger : new String[]{"11.0.0.1", "192.0.2.8", "2001:db8:ab::1", "172.32.0.1", "127.0.0.1"}) {
            assertFalse(sources.trusts(InetAddress.getByName(stranger)), stranger);
        }
        assertFalse(sources.trusts(InetAddress.getByName("::1")), "an IPv4 block never matches IPv6");
        assertTrue(ProxySources.parse(" ", KEY).isEmpty());
    }

    @Test
    void shouldRefuseWhatIsNotAnAddressOrABlockNamingTheSetting() {
        for (String bad : new String[]{"balancer.example.com", "10.0.0.0/33", "10.0.0.0/x", "2001:db8::/129", "/8"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxySources.parse(bad, KEY), bad);
            assertTrue(e.getMessage().startsWith(KEY), e.getMessage());
        }
    }
}
