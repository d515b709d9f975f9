package dev.netlistener.capture;

/** How a {@link Capture} hands packets to the application. */
public enum Delivery {
    /**
     * Tables (the default): a collector thread decodes every packet into rows retained until the
     * application calls {@link Capture#get()}, up to {@link CaptureConfig#retention()} rows.
     * The raw bytes are not kept.
     */
    TABLE,
    /**
     * Streaming: the application drains the ring itself with {@link Capture#poll}, seeing each
     * packet's decoded fields and raw bytes; {@link Capture#get()} drains it into a table.
     * Nothing is decoded until the application asks.
     */
    STREAM
}
