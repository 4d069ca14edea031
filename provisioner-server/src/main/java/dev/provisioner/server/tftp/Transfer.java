package dev.provisioner.server.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One read transfer, independent of the network: sends the OACK or the first window, and on each ACK the next
 * window (RFC 7440; window size 1 is RFC 1350's lock-step). An ACK that acknowledges nothing new (a duplicate,
 * or an old one delayed) is ignored: answering it would double every later block (the Sorcerer's Apprentice
 * bug). Block numbers wrap from 65535 to 0, so files of any size go through. Silence is met by sending the
 * unacknowledged window again, with the timeout doubling each time, until the retries run out.
 */
final class Transfer {

    /** Where a transfer's packets go, and who hears how it ended. */
    interface Link {
        /** Sends the packet now or copies it. */
        void send(ByteBuffer packet);

        /**
         * Sends one datagram made of a DATA header and its payload, now or as a copy: the header is reused for the
         * next block, and the payload may be a view of a mapped file that the kernel should copy from directly.
         */
        void send(ByteBuffer header, ByteBuffer payload);

        void finished(Transfer transfer, boolean completed, String reason);
    }

    static final int MAX_RETRIES = 5;

    private final TftpFile file;
    private final TransferOptions options;
    private final Link link;
    private final long lastBlock;
    private final boolean optionAck;

    /** Highest block the client acknowledged; 0 before any (or the OACK's ACK). Absolute, not wrapped. */
    private long acked;
    /** Highest block sent so far. */
    private long sent;
    private boolean optionAckAcknowledged;
    private int retries;
    private long deadline;
    private boolean done;
    private long bytesSent;
    private final ByteBuffer header = ByteBuffer.allocateDirect(4);

    Transfer(TftpFile file, TransferOptions options, Link link) {
        this.file = file;
        this.options = options;
        this.link = link;
        this.lastBlock = file.size() / options.blockSize() + 1;
        this.optionAck = !options.acknowledged().isEmpty();
        // nothing is due before start(), whichever thread gets to the transfer first
        this.optionAckAcknowledged = !optionAck;
        this.deadline = Long.MAX_VALUE;
    }

    synchronized void start(long now) {
        if (optionAck) {
            link.send(TftpPacket.optionAck(options.acknowledged()));
        } else {
            sendWindow();
        }
        deadline = now + timeoutNanos();
    }

    synchronized void onAck(int block, long now) {
        if (done) {
            return;
        }
        if (!optionAckAcknowledged) {
            if (block != 0) {
                return;
            }
            optionAckAcknowledged = true;
        } else {
            long candidate = acked + ((block - acked) & 0xffff);
            if (candidate <= acked || candidate > sent) {
                return;
            }
            acked = candidate;
            if (acked == lastBlock) {
                finish(true, "completed");
                return;
            }
        }
        retries = 0;
        sendWindow();
        deadline = now + timeoutNanos();
    }

    /** The client gave up (its ERROR packet). */
    synchronized void onError(int code, String message) {
        if (!done) {
            finish(false, "the client sent error " + code + (message == null || message.isEmpty() ? "" : ": " + message));
        }
    }

    /** The transfer cannot go on (its port was closed under it). */
    synchronized void abort(String reason) {
        if (!done) {
            finish(false, reason);
        }
    }

    /** Called often by a timer; resends what is unacknowledged once the deadline has passed. */
    synchronized void tick(long now) {
        if (done || now < deadline) {
            return;
        }
        if (++retries > MAX_RETRIES) {
            link.send(TftpPacket.error(TftpPacket.NOT_DEFINED, "timed out"));
            finish(false, "no answer after " + MAX_RETRIES + " retransmissions");
            return;
        }
        if (!optionAckAcknowledged) {
            link.send(TftpPacket.optionAck(options.acknowledged()));
        } else {
            for (long block = acked + 1; block <= sent; block++) {
                send(block);
            }
        }
        deadline = now + (timeoutNanos() << Math.min(retries, 4));
    }

    long bytesSent() {
        return bytesSent;
    }

    private void sendWindow() {
        long last = Math.min(acked + options.windowSize(), lastBlock);
        for (long block = acked + 1; block <= last && !done; block++) {
            send(block);
        }
        if (!done && last < lastBlock) {
            long ahead = Math.min(options.windowSize(), lastBlock - last);
            file.prefetch(last * options.blockSize(), (int) (ahead * options.blockSize()));
        }
    }

    private void send(long block) {
        ByteBuffer payload;
        try {
            payload = file.bytes((block - 1) * options.blockSize(), options.blockSize());
        } catch (IOException e) {
            link.send(TftpPacket.error(TftpPacket.NOT_DEFINED, "read error"));
            finish(false, "reading the file failed: " + e.getMessage());
            return;
        }
        int length = payload.remaining();
        header.clear();
        header.putShort(TftpPacket.DATA).putShort((short) block).flip();
        link.send(header, payload);
        bytesSent += length;
        sent = Math.max(sent, block);
    }

    private long timeoutNanos() {
        return options.timeoutMillis() * 1_000_000L;
    }

    private void finish(boolean completed, String reason) {
        done = true;
        try {
            file.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
        link.finished(this, completed, reason);
    }
}
