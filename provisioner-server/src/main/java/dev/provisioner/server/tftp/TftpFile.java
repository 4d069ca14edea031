package dev.provisioner.server.tftp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The bytes a transfer sends: a file on disk read block by block (from the page cache), or bytes made in memory. */
interface TftpFile extends Closeable {

    long size();

    /** Fills {@code into} from {@code position} up to its limit or the end of the file. */
    void read(long position, ByteBuffer into) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** netascii is for text: converting a file means holding it in memory. */
    int MAX_NETASCII_BYTES = 16 * 1024 * 1024;

    /** netascii (RFC 764): CR LF for a line end, CR NUL for a lone CR. Made in memory, so bounded (and closes {@code file}). */
    static TftpFile netascii(TftpFile file) throws IOException {
        try (file) {
            if (file.size() > MAX_NETASCII_BYTES) {
                throw new IOException("netascii transfers are limited to 16 MiB; ask for octet");
            }
            ByteBuffer raw = ByteBuffer.allocate((int) file.size());
            file.read(0, raw);
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.position() + raw.position() / 16);
            for (int i = 0; i < raw.position(); i++) {
                byte b = raw.get(i);
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
            public void read(long position, ByteBuffer into) {
                int length = (int) Math.min(into.remaining(), bytes.length - position);
                into.put(bytes, (int) position, Math.max(0, length));
            }
        };
    }

    /** Mapped when it fits one mapping: each block is then a copy from the page cache, not a read system call. */
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

                @Override
                public void read(long position, ByteBuffer into) {
                    int length = (int) Math.min(into.remaining(), size - position);
                    if (length > 0) {
                        into.put(map.slice((int) position, length));
                    }
                }
            };
        }
        return new TftpFile() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void read(long position, ByteBuffer into) throws IOException {
                long at = position;
                while (into.hasRemaining()) {
                    int n = channel.read(into, at);
                    if (n < 0) {
                        return;
                    }
                    at += n;
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
