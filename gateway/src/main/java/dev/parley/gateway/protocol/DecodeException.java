package dev.parley.gateway.protocol;

/** A client payload that is not valid Gateway v10 JSON; the gateway closes with {@link #closeCode()}. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CloseCode closeCode;

    public DecodeException(CloseCode closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** {@link CloseCode#DECODE_ERROR} for malformed payloads, {@link CloseCode#UNKNOWN_OPCODE} for unknown opcodes. */
    public CloseCode closeCode() {
        return closeCode;
    }
}
