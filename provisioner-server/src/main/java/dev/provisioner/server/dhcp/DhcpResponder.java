package dev.provisioner.server.dhcp;

import java.net.InetSocketAddress;
import java.util.Optional;

/** What a mode of the DHCP server answers a request with, if anything. */
public interface DhcpResponder {

    /** A reply and where it goes. */
    record Reply(DhcpMessage message, InetSocketAddress destination) {
    }

    /**
     * @param sender  where the datagram came from
     * @param pxePort whether it arrived on port 4011, where a PXE client that has its address asks again
     */
    Optional<Reply> answer(DhcpMessage message, InetSocketAddress sender, boolean pxePort);
}
