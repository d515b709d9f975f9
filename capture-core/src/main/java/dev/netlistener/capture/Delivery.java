// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/** How a {@link Capture} hands packets to the application. */
public enum Delivery {
    /**
     * Tables (the default): the capture's own thread reads and decodes every packet into rows
     * that wait for {@link Capture#get()}, up to {@link CaptureConfig#retention()} of them.
     * The raw bytes are not kept.
     */
    TABLE,
    /**
     * Streaming: the application reads on its own thread with {@link Capture#poll}, seeing each
     * packet's decoded fields and raw bytes as it is read ({@link Capture#get()} reads into a
     * table instead). Nothing runs in the background: until the application polls, packets wait
     * in the kernel's buffer (or in the file).
     */
    STREAM
}
