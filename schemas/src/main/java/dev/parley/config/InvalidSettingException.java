package dev.parley.config;

/** A configuration source gave a key a value its {@link Setting} cannot parse. */
public final class InvalidSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidSettingException(String key, String value, String source, Exception cause) {
        super("invalid value '" + value + "' for " + key + " (from " + source + "): " + cause.getMessage(), cause);
    }
}
