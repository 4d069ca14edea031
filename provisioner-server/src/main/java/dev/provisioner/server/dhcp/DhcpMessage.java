package dev.provisioner.server.dhcp;

import dev.provisioner.server.core.MacAddress;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One BOOTP/DHCP message (RFC 2131), decoded: the fixed header and the options, each option's parts already joined
 * (RFC 3396) and those carried in {@code file} or {@code sname} (option 52) already moved into {@code options}.
 */
public record DhcpMessage(int op, int htype, int hlen, int hops, int xid, int secs, int flags, Inet4Address ciaddr,
                          Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr, byte[] chaddr, String sname,
                          String file, Map<Integer, byte[]> options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    /** The broadcast bit of {@code flags}. */
    public static final int BROADCAST = 0x8000;

    public DhcpMessage {
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        chaddr = chaddr.clone();
        sname = Objects.requireNonNullElse(sname, "");
        file = Objects.requireNonNullElse(file, "");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public Optional<byte[]> option(int code) {
        return Optional.ofNullable(options.get(code)).map(byte[]::clone);
    }

    /** Option 53; empty for a plain BOOTP message. */
    public Optional<Integer> messageType() {
        byte[] type = options.get(DhcpOptions.MESSAGE_TYPE);
        return type != null && type.length == 1 ? Optional.of(type[0] & 0xff) : Optional.empty();
    }

    /** The client's Ethernet address; empty for any other hardware type, which this server does not boot. */
    public Optional<MacAddress> clientMac() {
        return htype == 1 && hlen == 6 && chaddr.length >= 6
                ? Optional.of(MacAddress.of(Arrays.copyOf(chaddr, 6))) : Optional.empty();
    }

    public boolean relayed() {
        return !giaddr.isAnyLocalAddress();
    }
}
