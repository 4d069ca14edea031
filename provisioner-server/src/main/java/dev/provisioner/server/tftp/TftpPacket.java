package dev.provisioner.server.tftp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** TFTP packets (RFC 1350, options RFC 2347): what a client sends, read from a datagram; what the server sends, written. */
sealed interface TftpPacket {

    short RRQ = 1;
    short WRQ = 2;
    short DATA = 3;
    short ACK = 4;
    short ERROR = 5;
    short OACK = 6;

    /** A read or write request; option names are lower-cased (they are case-insensitive), values kept as sent. */
    record Request(boolean write, String filename, String mode, Map<String, String> options) implements TftpPacket {
    }

    record Ack(int block) implements TftpPacket {
    }

    record Error(int code, String message) implements TftpPacket {
    }

    /** A datagram that is none of the above, or not well-formed: answered with an error, never thrown. */
    record Malformed(String reason) implements TftpPacket {
    }

    /** DATA from a client (it is a read-only server) or anything else a server never expects. */
    record Unexpected(int opcode) implements TftpPacket {
    }

    int MAX_OPTIONS = 32;
    int MAX_STRING = 512;

    static TftpPacket parse(ByteBuffer datagram) {
        if (datagram.remaining() < 2) {
            return new Malformed("a packet of " + datagram.remaining() + " bytes");
        }
        int opcode = datagram.getShort() & 0xffff;
        return switch (opcode) {
            case RRQ, WRQ -> request(opcode == WRQ, datagram);
            case ACK -> datagram.remaining() >= 2 ? new Ack(datagram.getShort() & 0xffff) : new Malformed("a short ACK");
            case ERROR -> datagram.remaining() >= 2 ? new Error(datagram.getShort() & 0xffff, string(datagram)) : new Malformed("a short ERROR");
            case DATA, OACK -> new Unexpected(opcode);
            default -> new Malformed("unknown opcode " + opcode);
        };
    }

    private static TftpPacket request(boolean write, ByteBuffer datagram) {
        String filename = string(datagram);
        String mode = string(datagram);
        if (filename == null || mode == null) {
            return new Malformed("a request without a NUL-terminated file name and mode");
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (datagram.hasRemaining()) {
            String name = string(datagram);
            String value = name == null ? null : string(datagram);
            if (value == null) {
                return new Malformed("an option without a NUL-terminated value");
            }
            if (options.size() == MAX_OPTIONS) {
                return new Malformed("more than " + MAX_OPTIONS + " options");
            }
            options.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
        return new Request(write, filename, mode.toLowerCase(Locale.ROOT), options);
    }

    /** A NUL-terminated string of at most {@link #MAX_STRING} bytes, or null when there is none. */
    private static String string(ByteBuffer buffer) {
        int start = buffer.position();
        for (int i = start; i < buffer.limit() && i - start <= MAX_STRING; i++) {
            if (buffer.get(i) == 0) {
                byte[] bytes = new byte[i - start];
                buffer.get(bytes);
                buffer.get();
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    static ByteBuffer error(int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer packet = ByteBuffer.allocate(5 + text.length);
        packet.putShort(ERROR).putShort((short) code).put(text).put((byte) 0);
        return packet.flip();
    }

    static ByteBuffer optionAck(Map<String, String> options) {
        ByteBuffer packet = ByteBuffer.allocate(2 + options.entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().length() + 2).sum());
        packet.putShort(OACK);
        options.forEach((name, value) -> packet.put(name.getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
                .put(value.getBytes(StandardCharsets.US_ASCII)).put((byte) 0));
        return packet.flip();
    }

    /** Error codes of RFC 1350 and RFC 2347. */
    int NOT_DEFINED = 0;
    int FILE_NOT_FOUND = 1;
    int ACCESS_VIOLATION = 2;
    int ILLEGAL_OPERATION = 4;
    int UNKNOWN_TID = 5;
    int OPTION_REFUSED = 8;
}
