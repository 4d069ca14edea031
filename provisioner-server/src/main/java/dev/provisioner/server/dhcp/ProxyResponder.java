package dev.provisioner.server.dhcp;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.FirstFile;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.Printable;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.render.FirstFiles;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ProxyDHCP (the PXE specification's, as Pixiecore and smee answer it): beside a DHCP server that hands out
 * addresses, it answers a PXE or HTTP-boot client's DISCOVER with an OFFER that carries no address, only where to
 * boot from, and a REQUEST to port 4011 with the same as an ACK. Everything else is left to the other server.
 */
public final class ProxyResponder {

    /** Option 43, sub-option 6 (PXE_DISCOVERY_CONTROL) = 8: take the boot file from this offer, no server discovery. */
    private static final byte[] PXE_DISCOVERY_CONTROL = {6, 1, 8, (byte) 255};
    private static final int CLIENT_PORT = 68;

    /** A reply and where it goes. */
    public record Reply(DhcpMessage message, InetSocketAddress destination) {
    }

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
    public Optional<Reply> answer(DhcpMessage message, InetSocketAddress sender, boolean pxePort) {
        Optional<BootRequest> request = BootRequest.of(message);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        int type = request.get().messageType();
        if (!(type == DhcpOptions.DISCOVER && !pxePort) && !(type == DhcpOptions.REQUEST && pxePort)) {
            return Optional.empty();
        }
        MachineIdentity who = new MachineIdentity(Optional.of(request.get().mac()), request.get().uuid().orElse(null),
                null, String.valueOf(request.get().firmware().architecture()), request.get().firmware().platform(), null);
        Optional<FirstFile> first = boot.answer(who, Transport.DHCP, base,
                new FirstFiles(request.get().firmware(), armBinary, answerUnknown, Optional.of(asked(request.get(), message))));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) (pxePort ? DhcpOptions.ACK : DhcpOptions.OFFER)});
        options.put(DhcpOptions.SERVER_ID, server.getAddress());
        // echoed as the client sent it: PXEClient..., or HTTPClient, which UEFI HTTP boot requires back
        options.put(DhcpOptions.VENDOR_CLASS, request.get().vendorClass().startsWith("HTTPClient")
                ? "HTTPClient".getBytes(StandardCharsets.US_ASCII) : "PXEClient".getBytes(StandardCharsets.US_ASCII));
        message.option(DhcpOptions.CLIENT_UUID).ifPresent(uuid -> options.put(DhcpOptions.CLIENT_UUID, uuid));
        if (!request.get().vendorClass().startsWith("HTTPClient")) {
            options.put(DhcpOptions.VENDOR_SPECIFIC, PXE_DISCOVERY_CONTROL);
        }
        String file = first.get() instanceof FirstFile.Tftp tftp ? tftp.name()
                : ((FirstFile.Http) first.get()).url().toString();
        options.put(DhcpOptions.BOOTFILE, file.getBytes(StandardCharsets.US_ASCII));
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOTREPLY, message.htype(), message.hlen(), 0, message.xid(),
                0, message.flags(), pxePort ? message.ciaddr() : DhcpCodec.address(new byte[4]), DhcpCodec.address(new byte[4]),
                server, message.giaddr(), message.chaddr(), server.getHostAddress(), file.length() < 128 ? file : "",
                options);
        return Optional.of(new Reply(reply, destination(message, sender, pxePort)));
    }

    /** The event's account of the request: its type, vendor class, relay and the address it asks for. */
    private static String asked(BootRequest request, DhcpMessage message) {
        StringBuilder text = new StringBuilder(request.messageType() == DhcpOptions.DISCOVER ? "DISCOVER" : "REQUEST")
                .append(" from ").append(Printable.clean(request.vendorClass()));
        if (message.relayed()) {
            text.append(" via relay ").append(message.giaddr().getHostAddress());
        }
        request.requestedAddress().ifPresent(a -> text.append(", asking for ").append(a.getHostAddress()));
        return text.toString();
    }

    /** Through the relay when there is one; back to the asker on 4011; else broadcast, since the client has no address. */
    private InetSocketAddress destination(DhcpMessage message, InetSocketAddress sender, boolean pxePort) {
        if (message.relayed()) {
            return new InetSocketAddress(message.giaddr(), serverPort);
        }
        if (pxePort) {
            return sender;
        }
        return new InetSocketAddress(DhcpCodec.address(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255}),
                CLIENT_PORT);
    }
}
