package dev.provisioner.server.tftp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a read request's options (RFC 2347) come to: block size (RFC 2348), window size (RFC 7440) and
 * retransmission timeout (RFC 2349), and the options to acknowledge in an OACK, with the file's size for tsize.
 * Options this server does not know are left out of the OACK, as RFC 2347 says; a known option with a value it
 * cannot take is refused (error 8).
 */
record TransferOptions(int blockSize, int windowSize, int timeoutMillis, Map<String, String> acknowledged) {

    static final int DEFAULT_BLOCK_SIZE = 512;
    static final int MAX_BLOCK_SIZE = 65464;
    /** Larger windows only add loss when one datagram in them is dropped; clients asking for more get this. */
    static final int MAX_WINDOW = 64;
    /**
     * A window lands in the client's socket buffer all at once: a Linux client's default (about 200 KiB of
     * buffer for 64 KiB of 8 KiB datagrams) dropped the tail of 16 x 8 KiB windows every time, and atftp then
     * waits out its timeout. So a window carries at most 64 KiB; the OACK says the window size actually used.
     */
    static final int MAX_WINDOW_BYTES = 64 * 1024;

    /** Thrown for a known option with an unusable value; the message goes into the error packet. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    static TransferOptions negotiate(Map<String, String> requested, long size, int defaultTimeoutMillis) throws Refused {
        Map<String, String> ack = new LinkedHashMap<>();
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        int timeoutMillis = defaultTimeoutMillis;
        for (Map.Entry<String, String> option : requested.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "blksize" -> {
                    blockSize = (int) Math.min(number(option.getKey(), value, 8, Long.MAX_VALUE), MAX_BLOCK_SIZE);
                    ack.put("blksize", String.valueOf(blockSize));
                }
                case "windowsize" -> {
                    windowSize = (int) Math.min(number(option.getKey(), value, 1, 65535), MAX_WINDOW);
                    ack.put("windowsize", String.valueOf(windowSize));
                }
                case "timeout" -> {
                    timeoutMillis = (int) number(option.getKey(), value, 1, 255) * 1000;
                    ack.put("timeout", value.strip());
                }
                case "tsize" -> {
                    number(option.getKey(), value, 0, Long.MAX_VALUE);
                    ack.put("tsize", String.valueOf(size));
                }
                default -> {
                    // unknown options are ignored (RFC 2347)
                }
            }
        }
        if (ack.containsKey("windowsize")) {
            windowSize = Math.max(1, Math.min(windowSize, MAX_WINDOW_BYTES / blockSize));
            ack.put("windowsize", String.valueOf(windowSize));
        }
        return new TransferOptions(blockSize, windowSize, timeoutMillis, ack);
    }

    private static long number(String name, String value, long min, long max) throws Refused {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refused("option " + name + "=" + (value.length() > 20 ? value.substring(0, 20) + "..." : value)
                + " is not a number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }
}
