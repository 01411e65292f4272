package dev.parley.gateway.session;

import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.schemas.json.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One recipient's frame of a dispatch whose {@code d} is {@code payloadBytes} long: splicing its sequence number
 * around the shared serialized payload ({@link #spliceSequence}, what the I/O thread does per frame) against
 * serializing the whole frame for the recipient ({@link #serializeWholeFrame}); and the zlib-stream compression a
 * {@code compress=zlib-stream} connection adds ({@link #zlibStreamCompress}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameBenchmark {
    @Param({"300", "3000"})
    int payloadBytes;

    private Map<String, Object> d;
    private byte[] payload;
    private byte[] frame;
    private ZlibStream zlib;
    private long sequence;

    @Setup
    public void setUp() {
        d = new LinkedHashMap<>();
        d.put("id", "9000000000000");
        d.put("channel_id", "77");
        d.put("content", "x".repeat(Math.max(0, payloadBytes - 60)));
        payload = V10JsonCodec.payload(d);
        frame = V10JsonCodec.dispatch("MESSAGE_CREATE", 12345, payload);
    }

    @Setup(Level.Iteration)
    public void openStream() {
        zlib = new ZlibStream();
    }

    @TearDown(Level.Iteration)
    public void closeStream() {
        zlib.close();
    }

    @Benchmark
    public byte[] spliceSequence() {
        return V10JsonCodec.dispatch("MESSAGE_CREATE", ++sequence, payload);
    }

    @Benchmark
    public byte[] serializeWholeFrame() throws Exception {
        Map<String, Object> whole = new LinkedHashMap<>();
        whole.put("t", "MESSAGE_CREATE");
        whole.put("s", ++sequence);
        whole.put("op", 0);
        whole.put("d", d);
        return Json.MAPPER.writeValueAsBytes(whole);
    }

    @Benchmark
    public byte[] zlibStreamCompress() {
        return zlib.compress(frame);
    }
}
