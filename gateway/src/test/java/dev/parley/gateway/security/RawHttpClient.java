package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.testing.GatewayFixture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket bound to a chosen loopback source address ({@code 127.0.0.2}...), so that tests can
 * be several client addresses on one machine; optionally opened with a PROXY protocol v1 header, as a balancer would.
 */
final class RawHttpClient {
    /** An answer: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return GatewayFixture.json(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttpClient() {
    }

    /** {@code method path} from {@code from}, with {@code headers} and {@code body} (null: none), on a new connection. */
    static Answer send(String from, int port, String proxyHeader, String method, String path, Map<String, String> headers,
                       String body) {
        try (Socket socket = open(from, port)) {
            StringBuilder request = new StringBuilder();
            if (proxyHeader != null) request.append(proxyHeader).append("\r\n");
            request.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A socket from the loopback address {@code from} to the gateway, with a read timeout. */
    static Socket open(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Reads an answer up to the end of the connection. */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) throw new IOException("no complete answer: " + text);
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }

    /** A PROXY protocol v1 header saying the connection comes from {@code client}. */
    static String proxyHeader(String client, int port) {
        return "PROXY TCP4 " + client + " 127.0.0.1 40000 " + port;
    }
}
