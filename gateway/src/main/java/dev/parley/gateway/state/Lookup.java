package dev.parley.gateway.state;

import java.util.function.Function;

/** A state read's answer: the value, or why there is none. */
public sealed interface Lookup<T> permits Lookup.Found, Lookup.Missing, Lookup.Forbidden {

    /** The value. */
    record Found<T>(T value) implements Lookup<T> {
    }

    /** No such key (HTTP 404 from the state query API). */
    record Missing<T>(String message) implements Lookup<T> {
    }

    /** The viewer is not a member of the guild (HTTP 403). */
    record Forbidden<T>(String message) implements Lookup<T> {
    }

    default <R> Lookup<R> map(Function<T, R> f) {
        if (this instanceof Found<T> found) return new Found<>(f.apply(found.value()));
        if (this instanceof Missing<T> missing) return new Missing<>(missing.message());
        return new Forbidden<>(((Forbidden<T>) this).message());
    }

    /** The value, or null. */
    default T orNull() {
        return this instanceof Found<T> found ? found.value() : null;
    }
}
