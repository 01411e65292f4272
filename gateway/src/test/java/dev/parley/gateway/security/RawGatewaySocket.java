package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.testing.GatewayFixture;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Gateway WebSocket client on a plain socket bound to a chosen loopback source address (the JDK's client cannot
 * choose one), optionally opened with a PROXY protocol header: enough RFC 6455 to read HELLO and close frames and to
 * send text frames.
 */
final class RawGatewaySocket implements AutoCloseable {
    /** A server frame: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        /** The close code of a close frame. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        JsonNode json() {
            return GatewayFixture.json(new String(payload, StandardCharsets.UTF_8));
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawGatewaySocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code from} and upgrades {@code /?v=10&encoding=json}; fails unless the answer is 101. */
    static RawGatewaySocket connect(String from, int port, String proxyHeader) {
        try {
            RawGatewaySocket client = new RawGatewaySocket(RawHttpClient.open(from, port));
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            String request = (proxyHeader == null ? "" : proxyHeader + "\r\n")
                    + "GET /?v=10&encoding=json HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            client.out.write(request.getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            String head = client.readHead();
            if (!head.startsWith("HTTP/1.1 101")) throw new IOException("no upgrade: " + head);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame from the server. */
    Frame next() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) length = in.readUnsignedShort();
            else if (length == 127) length = in.readLong();
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The close code the server closes with, skipping other frames; -1 when the connection ends without one. */
    int awaitCloseCode() {
        while (true) {
            Frame frame;
            try {
                frame = next();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof SocketTimeoutException) throw e;
                return -1;
            }
            if (frame.opcode() == 8) return frame.closeCode();
        }
    }

    /** Sends a masked text frame. */
    void send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed during the handshake: " + head);
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
