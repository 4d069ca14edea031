package dev.provisioner.server.dhcp;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.FirstFile;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.render.FirstFiles;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reservation mode, for an isolated provisioning network with no other DHCP server: a registered machine with an
 * {@code ipv4} in its record gets that address (with the configured netmask, router, DNS and lease time), and a
 * network-booting one its first file too; nobody else gets an answer. The inventory is the lease database: an
 * address is the machine's whatever the time, so nothing is stored. A REQUEST for another address, meant for this
 * server, gets a NAK, so a client that moved networks starts over.
 */
public final class ReservationResponder implements DhcpResponder {

    private static final int CLIENT_PORT = 68;
    private static final Inet4Address NONE = DhcpCodec.address(new byte[4]);

    private final BootService boot;
    private final Inet4Address server;
    private final URI base;
    private final Inet4Address netmask;
    private final Optional<Inet4Address> router;
    private final List<Inet4Address> dns;
    private final Duration lease;
    private final Optional<String> armBinary;
    private final int serverPort;

    public ReservationResponder(BootService boot, Inet4Address server, URI base,
                                Inet4Address netmask, Optional<Inet4Address> router, List<Inet4Address> dns,
                                Duration lease, Optional<String> armBinary, int serverPort) {
        this.boot = boot;
        this.server = server;
        this.base = base;
        this.netmask = netmask;
        this.router = router;
        this.dns = List.copyOf(dns);
        this.lease = lease;
        this.armBinary = armBinary;
        this.serverPort = serverPort;
    }

    @Override
    public Optional<Reply> answer(DhcpMessage message, InetSocketAddress sender, boolean pxePort) {
        Optional<Integer> type = message.messageType();
        Optional<MacAddress> mac = message.clientMac();
        if (pxePort || type.isEmpty() || mac.isEmpty()
                || (type.get() != DhcpOptions.DISCOVER && type.get() != DhcpOptions.REQUEST)) {
            return Optional.empty();
        }
        Optional<Inet4Address> reserved = boot.reservedAddress(mac.get()).map(ReservationResponder::literal);
        if (reserved.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        if (type.get() == DhcpOptions.REQUEST) {
            Optional<byte[]> serverId = message.option(DhcpOptions.SERVER_ID);
            if (serverId.isPresent() && !java.util.Arrays.equals(serverId.get(), server.getAddress())) {
                return Optional.empty();  // the client chose another server's offer
            }
            Inet4Address asked = message.option(DhcpOptions.REQUESTED_ADDRESS).filter(a -> a.length == 4)
                    .map(DhcpCodec::address).orElse(message.ciaddr());
            if (!asked.equals(reserved.get())) {
                options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.NAK});
                options.put(DhcpOptions.SERVER_ID, server.getAddress());
                return Optional.of(new Reply(reply(message, NONE, NONE, "", options), destination(message, true)));
            }
        }
        options.put(DhcpOptions.MESSAGE_TYPE,
                new byte[] {(byte) (type.get() == DhcpOptions.DISCOVER ? DhcpOptions.OFFER : DhcpOptions.ACK)});
        options.put(DhcpOptions.SERVER_ID, server.getAddress());
        options.put(DhcpOptions.LEASE_TIME, ByteBuffer.allocate(4).putInt((int) lease.toSeconds()).array());
        options.put(DhcpOptions.SUBNET_MASK, netmask.getAddress());
        router.ifPresent(r -> options.put(DhcpOptions.ROUTER, r.getAddress()));
        if (!dns.isEmpty()) {
            ByteBuffer servers = ByteBuffer.allocate(4 * dns.size());
            dns.forEach(d -> servers.put(d.getAddress()));
            options.put(DhcpOptions.DNS, servers.array());
        }
        String file = "";
        Optional<BootRequest> network = BootRequest.of(message);
        if (network.isPresent()) {
            // a network boot: its first file, and at the ACK the boot attempt, bound to the address it now has
            String source = type.get() == DhcpOptions.REQUEST ? reserved.get().getHostAddress() : null;
            MachineIdentity who = network.get().identity(source);
            Optional<FirstFile> first = boot.answer(who, Transport.DHCP, base,
                    new FirstFiles(network.get().firmware(), mac.get(), armBinary, false, Optional.of(
                            network.get().messageName() + ", reserved "
                                    + reserved.get().getHostAddress())));
            if (first.isPresent()) {
                file = first.get().location();
                options.putAll(network.get().bootOptions(message, file));
            }
        }
        return Optional.of(new Reply(reply(message, reserved.get(), server, file.length() < 128 ? file : "", options),
                destination(message, false)));
    }

    private DhcpMessage reply(DhcpMessage request, Inet4Address yiaddr, Inet4Address siaddr, String file,
                              Map<Integer, byte[]> options) {
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.htype(), request.hlen(), 0, request.xid(), 0,
                request.flags() | (request.relayed() ? DhcpMessage.BROADCAST : 0), request.ciaddr(), yiaddr, siaddr,
                request.giaddr(), request.chaddr(), "", file, options);
    }

    /** Through the relay; to a renewing client at its address; else broadcast (RFC 2131 4.1, NAKs always). */
    private InetSocketAddress destination(DhcpMessage request, boolean nak) {
        if (request.relayed()) {
            return new InetSocketAddress(request.giaddr(), serverPort);
        }
        if (!nak && !request.ciaddr().isAnyLocalAddress()) {
            return new InetSocketAddress(request.ciaddr(), CLIENT_PORT);
        }
        return new InetSocketAddress(DhcpCodec.BROADCAST, CLIENT_PORT);
    }

    /** The record's address: a dotted quad the inventory's rules checked, so it is parsed, never looked up. */
    private static Inet4Address literal(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the inventory let '" + dotted + "' through as an IPv4 address", e);
        }
    }
}
