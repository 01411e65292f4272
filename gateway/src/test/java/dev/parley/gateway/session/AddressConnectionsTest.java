package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressConnectionsTest {
    @Test
    void shouldCapConnectionsPerAddressAndFreeASlotWhenOneCloses() throws Exception {
        AddressConnections connections = new AddressConnections(2);
        InetAddress one = InetAddress.getByName("192.0.2.1");
        assertTrue(connections.tryOpen(one));
        assertTrue(connections.tryOpen(one));
        assertFalse(connections.tryOpen(one));
        assertTrue(connections.tryOpen(InetAddress.getByName("192.0.2.2")));
        connections.closed(one);
        assertTrue(connections.tryOpen(one));
        connections.closed(one);
        connections.closed(one);
        assertEquals(0, connections.openFrom(one), "an address without connections is forgotten");
    }

    @Test
    void shouldCountTheAddressesOfOneIpv6SlashSixtyFourAsOneClient() throws Exception {
        AddressConnections connections = new AddressConnections(2);
        assertTrue(connections.tryOpen(InetAddress.getByName("2001:db8:1:2::1")));
        assertTrue(connections.tryOpen(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:fffe")));
        assertFalse(connections.tryOpen(InetAddress.getByName("2001:db8:1:2:dead:beef:0:7")),
                "every address of a /64 is the same client");
        assertTrue(connections.tryOpen(InetAddress.getByName("2001:db8:1:3::1")), "the next /64 is another client");
        connections.closed(InetAddress.getByName("2001:db8:1:2::1"));
        assertEquals(1, connections.openFrom(InetAddress.getByName("2001:db8:1:2::99")));
    }
}
