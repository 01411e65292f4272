package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.session.ClientProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * A session for the fan-out's unit tests: what it is given by the test, what it is handed kept in {@link #handed}
 * (numbered in order: its {@link #sequence} is how many), and an {@link #ended} flag the test sets.
 */
class TestFanoutSession implements FanoutSession {
    final List<Dispatch> handed = new ArrayList<>();
    final List<Long> forgotten = new ArrayList<>();
    boolean ended;
    /** Added to the number of dispatches handed: a session already past READY starts at 1. */
    long sequenceBase;
    private final String id;
    private final long userId;
    private final long intents;
    private final Shard shard;

    TestFanoutSession(String id, long userId, long intents, Shard shard) {
        this.id = id;
        this.userId = userId;
        this.intents = intents;
        this.shard = shard;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public long intents() {
        return intents;
    }

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public int largeThreshold() {
        return 50;
    }

    @Override
    public ClientProperties properties() {
        return new ClientProperties("linux", "test", "test");
    }

    @Override
    public long tokenGeneration() {
        return 0;
    }

    @Override
    public long sequence() {
        return sequenceBase + handed.size();
    }

    @Override
    public boolean keepsBack() {
        return false;
    }

    @Override
    public boolean isEnded() {
        return ended;
    }

    @Override
    public long dispatch(long guildId, Dispatch dispatch) {
        if (ended) return -1;
        handed.add(dispatch);
        handedOf(guildId, dispatch);
        return sequence();
    }

    /** Called with each dispatch handed, for subclasses that keep more of it. */
    void handedOf(long guildId, Dispatch dispatch) {
    }

    @Override
    public void forgetDeferred(long guildId) {
        forgotten.add(guildId);
    }
}
