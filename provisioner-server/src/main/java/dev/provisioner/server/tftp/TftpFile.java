package dev.provisioner.server.tftp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes a transfer sends: a file on disk (mapped, so the kernel copies each block straight from the page cache
 * into the datagram), or bytes made in memory.
 */
interface TftpFile extends Closeable {

    long size();

    /**
     * The bytes from {@code position}: {@code length} of them, or fewer at the end of the file. The buffer is only
     * valid until the next call.
     */
    ByteBuffer bytes(long position, int length) throws IOException;

    /**
     * Reads ahead: brings the bytes from {@code position} into the CPU cache while the client's ACK is on its way,
     * so that sending them later copies from the cache rather than from memory (tftpd-hpa reads its next block at
     * the same moment, for the same reason).
     */
    default void prefetch(long position, int length) {
    }

    @Override
    default void close() throws IOException {
    }

    /** One load per cache line brings the whole line in. */
    int CACHE_LINE = 64;

    /** netascii is for text: converting a file means holding it in memory. */
    int MAX_NETASCII_BYTES = 16 * 1024 * 1024;

    /** netascii (RFC 764): CR LF for a line end, CR NUL for a lone CR. Made in memory, so bounded (and closes {@code file}). */
    static TftpFile netascii(TftpFile file) throws IOException {
        try (file) {
            if (file.size() > MAX_NETASCII_BYTES) {
                throw new IOException("netascii transfers are limited to 16 MiB; ask for octet");
            }
            ByteBuffer raw = file.bytes(0, (int) file.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.remaining() + raw.remaining() / 16);
            while (raw.hasRemaining()) {
                byte b = raw.get();
                if (b == '\n') {
                    out.write('\r');
                    out.write('\n');
                } else if (b == '\r') {
                    out.write('\r');
                    out.write(0);
                } else {
                    out.write(b);
                }
            }
            return TftpFile.of(out.toByteArray());
        }
    }

    static TftpFile of(byte[] bytes) {
        return new TftpFile() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public ByteBuffer bytes(long position, int length) {
                return ByteBuffer.wrap(bytes, (int) position, available(position, length, bytes.length));
            }
        };
    }

    private static int available(long position, int length, long size) {
        return (int) Math.max(0, Math.min(length, size - position));
    }

    /** Mapped when it fits one mapping; a larger file is read block by block into one buffer. */
    static TftpFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        long size = channel.size();
        if (size > 0 && size <= Integer.MAX_VALUE) {
            MappedByteBuffer map;
            try {
                map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            } finally {
                channel.close();
            }
            return new TftpFile() {
                @Override
                public long size() {
                    return size;
                }

                /** Written by {@link #prefetch}, so that its loads are not optimised away. */
                private byte touched;

                @Override
                public ByteBuffer bytes(long position, int length) {
                    return map.slice((int) position, available(position, length, size));
                }

                @Override
                public void prefetch(long position, int length) {
                    byte sum = 0;
                    int end = (int) position + available(position, length, size);
                    for (int i = (int) position; i < end; i += CACHE_LINE) {
                        sum += map.get(i);
                    }
                    touched = sum;
                }
            };
        }
        return new TftpFile() {
            private ByteBuffer block = ByteBuffer.allocateDirect(0);

            @Override
            public long size() {
                return size;
            }

            @Override
            public ByteBuffer bytes(long position, int length) throws IOException {
                if (block.capacity() < length) {
                    block = ByteBuffer.allocateDirect(length);
                }
                block.clear().limit(available(position, length, size));
                long at = position;
                while (block.hasRemaining()) {
                    int n = channel.read(block, at);
                    if (n < 0) {
                        break;
                    }
                    at += n;
                }
                return block.flip();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
