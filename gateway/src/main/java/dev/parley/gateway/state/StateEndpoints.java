package dev.parley.gateway.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state query API instances a gateway asks: the configured ones ({@code gateway.state-query-urls}, a seed list
 * that may be a single address) and those they report ({@link dev.parley.schemas.query.StateQueryApi#INSTANCES}: every
 * instance the apps' consumer groups know), so that streams processes added, moved or replaced are found without a
 * hand-kept list. Thread-safe: the list is replaced whole.
 */
public final class StateEndpoints {
    private final List<String> seeds;
    private volatile List<String> current;

    /** @param seeds base URLs such as {@code http://streams-1:7070}; at least one */
    public StateEndpoints(List<String> seeds) {
        this.seeds = List.copyOf(seeds);
        this.current = this.seeds;
    }

    /** The instances to ask, in a stable order: the seeds, then those discovered. */
    public List<String> current() {
        return current;
    }

    /** Takes what an instance reported as the discovered instances (replacing those discovered before). */
    public void discovered(List<String> reported) {
        Set<String> all = new LinkedHashSet<>(seeds);
        for (String url : reported) all.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        current = List.copyOf(new ArrayList<>(all));
    }
}
