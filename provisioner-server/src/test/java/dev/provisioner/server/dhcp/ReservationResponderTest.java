package dev.provisioner.server.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reservation mode's answers to a plain DHCP client (no PXE): what it offers, acknowledges and refuses. */
class ReservationResponderTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("0.0.0.0", 68);

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final BootService boot = new BootService(machines, new FixedProfiles(), (m, p, b, e) -> {
        throw new AssertionError("no config is rendered for a DHCP answer");
    }, new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]), Duration.ofMinutes(30), RunningNodes.NONE,
            Clock.systemUTC()), SwarmSource.NONE, new RecentTimeline(10, 10), Optional.empty(), Clock.systemUTC());
    private final ReservationResponder responder = new ReservationResponder(boot,
            DhcpCodec.address(new byte[] {10, 0, 0, 1}), java.net.URI.create("http://10.0.0.1:8080/"),
            DhcpCodec.address(new byte[] {(byte) 255, (byte) 255, (byte) 255, 0}), Optional.empty(), List.of(),
            Duration.ofHours(1), Optional.empty(), 67);

    private static DhcpMessage request(int type, Map<Integer, byte[]> options) {
        Map<Integer, byte[]> all = new java.util.LinkedHashMap<>(options);
        all.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) type});
        return DhcpCodecTest.discover(all);
    }

    @Test
    void theReservedAddressIsOfferedAndAcknowledgedAndAnotherOneRefused() {
        machines.put(new Machine(MAC, "blade-1", "p", Map.of(), Map.of(), "10.0.0.7"));
        DhcpMessage offer = responder.answer(request(DhcpOptions.DISCOVER, Map.of()), CLIENT, false).orElseThrow().message();
        assertThat(offer.messageType()).contains(DhcpOptions.OFFER);
        assertThat(offer.yiaddr().getHostAddress()).isEqualTo("10.0.0.7");
        assertThat(offer.option(DhcpOptions.LEASE_TIME)).hasValueSatisfying(v -> assertThat(v).containsExactly(0, 0, 14, 16));
        assertThat(offer.file()).as("not a network boot: no file").isEmpty();

        byte[] us = {10, 0, 0, 1};
        assertThat(responder.answer(request(DhcpOptions.REQUEST, Map.of(DhcpOptions.SERVER_ID, us,
                DhcpOptions.REQUESTED_ADDRESS, new byte[] {10, 0, 0, 7})), CLIENT, false).orElseThrow().message().messageType())
                .contains(DhcpOptions.ACK);
        DhcpResponder.Reply nak = responder.answer(request(DhcpOptions.REQUEST, Map.of(DhcpOptions.SERVER_ID, us,
                DhcpOptions.REQUESTED_ADDRESS, new byte[] {10, 0, 0, 9})), CLIENT, false).orElseThrow();
        assertThat(nak.message().messageType()).contains(DhcpOptions.NAK);
        assertThat(nak.message().yiaddr().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(nak.destination()).isEqualTo(new InetSocketAddress("255.255.255.255", 68));
        assertThat(responder.answer(request(DhcpOptions.REQUEST, Map.of(DhcpOptions.SERVER_ID, new byte[] {10, 0, 0, 2},
                DhcpOptions.REQUESTED_ADDRESS, new byte[] {10, 0, 0, 7})), CLIENT, false)).as("another server's offer").isEmpty();
    }

    @Test
    void machinesWithoutAReservedAddressAndStrangersGetNothing() {
        assertThat(responder.answer(request(DhcpOptions.DISCOVER, Map.of()), CLIENT, false)).isEmpty();
        machines.put(new Machine(MAC, "blade-1", "p", Map.of(), Map.of()));
        assertThat(responder.answer(request(DhcpOptions.DISCOVER, Map.of()), CLIENT, false)).isEmpty();
    }
}
