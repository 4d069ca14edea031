package dev.provisioner.server.dhcp;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes DHCP messages, strictly: anything short, truncated or out of bounds is refused with the reason
 * rather than read past, and nothing a client sends can make a reader allocate more than the datagram it sent.
 */
public final class DhcpCodec {

    /** The fixed BOOTP header, up to the magic cookie. */
    static final int HEADER = 236;
    private static final byte[] COOKIE = {99, (byte) 130, 83, 99};
    /** The largest datagram read: more than any DHCP client sends (RFC 2131 asks for 576 at least). */
    public static final int MAX_DATAGRAM = 4096;
    /** 255.255.255.255: where answers go to a client that has no address yet. */
    static final Inet4Address BROADCAST = address(new byte[] {-1, -1, -1, -1});
    /** Replies are kept to the size every client must accept. */
    static final int MIN_REPLY = 300;

    private DhcpCodec() {
    }

    public static DhcpMessage decode(ByteBuffer datagram) throws MalformedDhcpException {
        int length = datagram.remaining();
        if (length < HEADER + COOKIE.length) {
            throw new MalformedDhcpException("a DHCP message is at least 240 bytes; this one is " + length);
        }
        if (length > MAX_DATAGRAM) {
            throw new MalformedDhcpException("a datagram of " + length + " bytes is larger than any DHCP client sends");
        }
        ByteBuffer in = datagram.slice();
        int op = in.get() & 0xff;
        int htype = in.get() & 0xff;
        int hlen = in.get() & 0xff;
        int hops = in.get() & 0xff;
        int xid = in.getInt();
        int secs = in.getShort() & 0xffff;
        int flags = in.getShort() & 0xffff;
        Inet4Address ciaddr = address(in);
        Inet4Address yiaddr = address(in);
        Inet4Address siaddr = address(in);
        Inet4Address giaddr = address(in);
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            throw new MalformedDhcpException("op " + op + " is neither BOOTREQUEST nor BOOTREPLY");
        }
        if (hlen > 16) {
            throw new MalformedDhcpException("hlen " + hlen + " is more than chaddr's 16 bytes");
        }
        byte[] chaddr = new byte[16];
        in.get(chaddr);
        byte[] sname = new byte[64];
        in.get(sname);
        byte[] file = new byte[128];
        in.get(file);
        byte[] cookie = new byte[4];
        in.get(cookie);
        if (!Arrays.equals(cookie, COOKIE)) {
            throw new MalformedDhcpException("no DHCP magic cookie: a plain BOOTP message");
        }
        Map<Integer, ByteArrayOutputStream> parts = new LinkedHashMap<>();
        readOptions(in, parts, "options");
        int overload = parts.containsKey(DhcpOptions.OVERLOAD) ? overload(parts.get(DhcpOptions.OVERLOAD).toByteArray()) : 0;
        if ((overload & 1) != 0) {
            readOptions(ByteBuffer.wrap(file), parts, "file");
        }
        if ((overload & 2) != 0) {
            readOptions(ByteBuffer.wrap(sname), parts, "sname");
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        parts.forEach((code, bytes) -> options.put(code, bytes.toByteArray()));
        return new DhcpMessage(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr,
                Arrays.copyOf(chaddr, Math.min(hlen, 16)),
                (overload & 2) != 0 ? "" : text(sname), (overload & 1) != 0 ? "" : text(file), options);
    }

    private static int overload(byte[] value) throws MalformedDhcpException {
        if (value.length != 1 || value[0] < 1 || value[0] > 3) {
            throw new MalformedDhcpException("option 52 (overload) must be one byte of 1, 2 or 3");
        }
        return value[0];
    }

    /** Options up to END (or the end of the field); a code seen twice has its parts joined, as RFC 3396 says. */
    private static void readOptions(ByteBuffer in, Map<Integer, ByteArrayOutputStream> parts, String field)
            throws MalformedDhcpException {
        while (in.hasRemaining()) {
            int code = in.get() & 0xff;
            if (code == DhcpOptions.PAD) {
                continue;
            }
            if (code == DhcpOptions.END) {
                return;
            }
            if (!in.hasRemaining()) {
                throw new MalformedDhcpException("option " + code + " in " + field + " has no length");
            }
            int length = in.get() & 0xff;
            if (length > in.remaining()) {
                throw new MalformedDhcpException("option " + code + " in " + field + " claims " + length + " bytes; "
                        + in.remaining() + " are left");
            }
            byte[] value = new byte[length];
            in.get(value);
            parts.computeIfAbsent(code, c -> new ByteArrayOutputStream()).writeBytes(value);
        }
        if (field.equals("options")) {
            throw new MalformedDhcpException("the options end without an END option");
        }
    }

    private static Inet4Address address(ByteBuffer in) {
        byte[] bytes = new byte[4];
        in.get(bytes);
        return address(bytes);
    }

    static Inet4Address address(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("4 bytes are always an IPv4 address", e);
        }
    }

    private static String text(byte[] field) {
        int end = 0;
        while (end < field.length && field[end] != 0) {
            end++;
        }
        return new String(field, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * The message's bytes. Options longer than 255 bytes are split into parts (RFC 3396); a reply is padded to the
     * 300 bytes old clients expect. {@code sname} and {@code file} must fit their fields with a terminating NUL.
     */
    public static byte[] encode(DhcpMessage message) {
        byte[] sname = field(message.sname(), 64, "sname");
        byte[] file = field(message.file(), 128, "file");
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        message.options().forEach((code, value) -> {
            int offset = 0;
            do {
                int part = Math.min(255, value.length - offset);
                options.write(code);
                options.write(part);
                options.write(value, offset, part);
                offset += part;
            } while (offset < value.length);
        });
        options.write(DhcpOptions.END);
        int size = Math.max(MIN_REPLY, HEADER + COOKIE.length + options.size());
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) message.op()).put((byte) message.htype()).put((byte) message.hlen()).put((byte) message.hops());
        out.putInt(message.xid()).putShort((short) message.secs()).putShort((short) message.flags());
        out.put(message.ciaddr().getAddress()).put(message.yiaddr().getAddress()).put(message.siaddr().getAddress())
                .put(message.giaddr().getAddress());
        out.put(Arrays.copyOf(message.chaddr(), 16));
        out.put(sname).put(file).put(COOKIE).put(options.toByteArray());
        return out.array();
    }

    private static byte[] field(String text, int size, String name) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= size) {
            throw new IllegalArgumentException(name + " holds at most " + (size - 1) + " bytes; '" + text + "' has " + bytes.length);
        }
        return Arrays.copyOf(bytes, size);
    }
}
