package com.followermaze.loadgen.generate;

/** The five event types of the protocol, with the letter each one has on the wire. */
public enum EventType {
    FOLLOW('F'),
    UNFOLLOW('U'),
    BROADCAST('B'),
    PRIVATE_MESSAGE('P'),
    STATUS_UPDATE('S');

    private static final EventType[] VALUES = values();

    private final byte code;

    EventType(char code) {
        this.code = (byte) code;
    }

    /** The type letter as it is written on the wire. */
    public byte code() {
        return code;
    }

    /** Whether the line carries a {@code from} field. */
    public boolean hasFrom() {
        return this != BROADCAST;
    }

    /** Whether the line carries a {@code to} field. */
    public boolean hasTo() {
        return this == FOLLOW || this == UNFOLLOW || this == PRIVATE_MESSAGE;
    }

    /** The type with this {@link #ordinal()}; compact storage keeps ordinals, not references. */
    public static EventType ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
