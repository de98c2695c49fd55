package com.followermaze.common.ops;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids that tell one running instance of a service from another, in logs, connection names and messages. */
public final class InstanceIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceIds() {
    }

    /** A new random id: 12 hexadecimal digits. */
    public static String random() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
