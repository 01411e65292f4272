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
}
