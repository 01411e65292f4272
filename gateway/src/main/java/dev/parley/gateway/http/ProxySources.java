package dev.parley.gateway.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers allowed to open a connection with a PROXY protocol header: the balancers, as a list of CIDR blocks
 * ({@code 10.0.0.0/8, 2001:db8::/32}) or single addresses ({@code 192.0.2.7}, a /32 or /128). An IPv4 block never
 * matches an IPv6 peer nor the other way round. Immutable and thread-safe.
 */
public final class ProxySources {
    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) if (address[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;
    private final String text;

    private ProxySources(List<Block> blocks, String text) {
        this.blocks = List.copyOf(blocks);
        this.text = text;
    }

    /**
     * Parses a comma-separated list; blank entries are skipped.
     *
     * @param setting the key named in errors
     * @throws IllegalArgumentException naming {@code setting} and the entry that is not an address or CIDR block
     */
    public static ProxySources parse(String list, String setting) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) continue;
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            if (!host.matches("[0-9A-Fa-f:.]+")) throw bad(setting, entry); // addresses only: no name lookups
            byte[] network;
            try {
                network = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw bad(setting, entry);
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(setting, entry);
                }
                if (bits < 0 || bits > network.length * 8) throw bad(setting, entry);
            }
            blocks.add(new Block(network, bits));
        }
        return new ProxySources(blocks, list.strip());
    }

    private static IllegalArgumentException bad(String setting, String entry) {
        return new IllegalArgumentException(setting + ": '" + entry + "' is not an IP address or a CIDR block "
                + "(e.g. 10.0.0.0/8, 2001:db8::/32)");
    }

    /** Whether no peer is trusted. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code peer} is in one of the blocks. */
    public boolean trusts(InetAddress peer) {
        byte[] address = peer.getAddress();
        for (Block block : blocks) if (block.contains(address)) return true;
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
