// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

/** A {@link KafkaSink} could not start: no broker answered, or it refused us. The message says what to do. */
public final class KafkaSinkException extends Exception {
    private static final long serialVersionUID = 1L;

    KafkaSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
