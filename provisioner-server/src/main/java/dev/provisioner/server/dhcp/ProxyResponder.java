package dev.provisioner.server.dhcp;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.FirmwareClient;
import dev.provisioner.server.core.FirstFile;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.Printable;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.render.FirstFiles;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ProxyDHCP (the PXE specification's, as Pixiecore and smee answer it): beside a DHCP server that hands out
 * addresses, it answers a PXE or HTTP-boot client's DISCOVER with an OFFER that carries no address, only where to
 * boot from, and a REQUEST to port 4011 with the same as an ACK. Everything else is left to the other server.
 */
public final class ProxyResponder implements DhcpResponder {

    private static final int CLIENT_PORT = 68;

    private final BootService boot;
    private final Inet4Address server;
    private final URI base;
    private final Optional<String> armBinary;
    private final boolean answerUnknown;
    private final int serverPort;

    /**
     * @param server     this server's address on the provisioning network: option 54, {@code siaddr}, the TFTP server
     * @param base       the HTTP base URL machines are given
     * @param serverPort the DHCP server port relays listen on (67)
     */
    public ProxyResponder(BootService boot, Inet4Address server, URI base, Optional<String> armBinary,
                          boolean answerUnknown, int serverPort) {
        this.boot = boot;
        this.server = server;
        this.base = base;
        this.armBinary = armBinary;
        this.answerUnknown = answerUnknown;
        this.serverPort = serverPort;
    }

    /**
     * @param sender   where the datagram came from
     * @param pxePort  whether it arrived on port 4011, where a client that has its address asks again
     */
    @Override
    public Optional<Reply> answer(DhcpMessage message, InetSocketAddress sender, boolean pxePort) {
        Optional<BootRequest> boot = BootRequest.of(message);
        if (boot.isEmpty()) {
            return Optional.empty();
        }
        BootRequest request = boot.get();
        int type = request.messageType();
        if (!(type == DhcpOptions.DISCOVER && !pxePort) && !(type == DhcpOptions.REQUEST && pxePort)) {
            return Optional.empty();
        }
        MachineIdentity who = request.identity(attemptSource(request, message, sender, pxePort));
        Optional<FirstFile> first = this.boot.answer(who, Transport.DHCP, base,
                new FirstFiles(request.firmware(), request.mac(), armBinary, answerUnknown, Optional.of(asked(request, message))));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) (pxePort ? DhcpOptions.ACK : DhcpOptions.OFFER)});
        options.put(DhcpOptions.SERVER_ID, server.getAddress());
        String file = first.get().location();
        options.putAll(request.bootOptions(message, file));
        // broadcast: a relay has no address of the client's to unicast an answer without one to
        int flags = pxePort ? message.flags() : message.flags() | DhcpMessage.BROADCAST;
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOTREPLY, message.htype(), message.hlen(), 0, message.xid(),
                0, flags, pxePort ? message.ciaddr() : DhcpCodec.address(new byte[4]), DhcpCodec.address(new byte[4]),
                server, message.giaddr(), message.chaddr(), server.getHostAddress(), file.length() < 128 ? file : "",
                options);
        return Optional.of(new Reply(reply, destination(message, sender, pxePort)));
    }

    /**
     * The address the boot attempt is opened at: iPXE's request on 4011, sent from the address the network's DHCP
     * server just gave it, which is the one its script will be fetched from. The firmware's own PXE may have had
     * another lease (it identifies itself differently), and a request that claims an address it was not sent from
     * proves nothing: those leave the attempt to the script, as over HTTP or TFTP alone.
     */
    private static String attemptSource(BootRequest request, DhcpMessage message, InetSocketAddress sender,
                                        boolean pxePort) {
        boolean fromItsOwnAddress = !message.ciaddr().isAnyLocalAddress() && message.ciaddr().equals(sender.getAddress());
        return pxePort && request.firmware().kind() == FirmwareClient.Kind.IPXE && !message.relayed() && fromItsOwnAddress
                ? message.ciaddr().getHostAddress() : null;
    }

    /** The event's account of the request: its type, vendor class, relay and the address it asks for. */
    private static String asked(BootRequest request, DhcpMessage message) {
        StringBuilder text = new StringBuilder(request.messageName())
                .append(" from ").append(Printable.clean(request.vendorClass()));
        if (message.relayed()) {
            text.append(" via relay ").append(message.giaddr().getHostAddress());
        }
        request.requestedAddress().ifPresent(a -> text.append(", asking for ").append(a.getHostAddress()));
        return text.toString();
    }

    /** Back to the asker on 4011, which has its address; through the relay; else broadcast: no address yet. */
    private InetSocketAddress destination(DhcpMessage message, InetSocketAddress sender, boolean pxePort) {
        if (pxePort) {
            return sender;
        }
        if (message.relayed()) {
            return new InetSocketAddress(message.giaddr(), serverPort);
        }
        return new InetSocketAddress(DhcpCodec.BROADCAST, CLIENT_PORT);
    }
}
