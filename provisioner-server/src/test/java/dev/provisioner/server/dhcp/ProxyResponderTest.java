package dev.provisioner.server.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What ProxyDHCP answers each kind of firmware, through the core. */
class ProxyResponderTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("0.0.0.0", 68);

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final RecentTimeline timeline = new RecentTimeline(10, 10);
    private final Profile snp = new Profile("blade", new BootSpec("k", List.of(), List.of()), Optional.empty(),
            Profile.DEFAULT_SPEC, null, Optional.empty(), null, "snponly.efi");
    private final ProfileCatalog profiles = new FixedProfiles().add(snp);
    private final BootService boot = new BootService(machines, profiles, (m, p, b, e) -> {
        throw new AssertionError("no config is rendered for a DHCP answer");
    }, new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]), Duration.ofMinutes(30), RunningNodes.NONE,
            Clock.systemUTC()), SwarmSource.NONE, timeline, Optional.empty(), Clock.systemUTC());

    private ProxyResponder responder(boolean answerUnknown) {
        return new ProxyResponder(boot, DhcpCodec.address(new byte[] {10, 0, 0, 1}), URI.create("http://10.0.0.1:8080/"),
                Optional.of("ipxe-arm64.efi"), answerUnknown, 67);
    }

    private static DhcpMessage discover(String vendorClass, int arch, Map<Integer, byte[]> extra) {
        Map<Integer, byte[]> options = new java.util.LinkedHashMap<>();
        options.put(DhcpOptions.VENDOR_CLASS, vendorClass.getBytes(StandardCharsets.US_ASCII));
        options.put(DhcpOptions.CLIENT_ARCH, new byte[] {0, (byte) arch});
        options.putAll(extra);
        return DhcpCodecTest.discover(options);
    }

    private static Optional<DhcpResponder.Reply> ask(ProxyResponder responder, DhcpMessage request, InetSocketAddress from,
                                                    boolean pxePort) {
        return responder.answer(request, from, pxePort);
    }

    private String bootFile(DhcpMessage request) {
        return ask(responder(true), request, CLIENT, false).map(r -> r.message().file()).orElse("no answer");
    }

    @Test
    void eachFirmwareGetsItsFirstFileAndIpxeGetsItsScript() {
        machines.put(new Machine(MAC, "blade-1", "blade", Map.of(), Map.of()));
        assertThat(bootFile(discover("PXEClient:Arch:00000:UNDI:002001", 0, Map.of())))
                .as("named for the machine").isEqualTo("undionly.kpxe?mac=" + MAC.hyphenated());
        assertThat(bootFile(discover("PXEClient:Arch:00007:UNDI:003016", 7, Map.of()))).as("the profile's")
                .isEqualTo("snponly.efi?mac=" + MAC.hyphenated());
        assertThat(bootFile(discover("PXEClient:Arch:00009:UNDI:003016", 9, Map.of())))
                .isEqualTo("snponly.efi?mac=" + MAC.hyphenated());
        assertThat(bootFile(discover("PXEClient:Arch:00011:UNDI:003016", 11, Map.of())))
                .isEqualTo("ipxe-arm64.efi?mac=" + MAC.hyphenated());
        assertThat(bootFile(discover("HTTPClient:Arch:00016:UNDI:003016", 16, Map.of()))).as("named for its timeline")
                .isEqualTo("http://10.0.0.1:8080/boot/ipxe.efi?mac=" + MAC.hyphenated());
        assertThat(bootFile(discover("PXEClient:Arch:00000:UNDI:002001", 0,
                Map.of(DhcpOptions.USER_CLASS, "iPXE".getBytes(StandardCharsets.US_ASCII))))).isEqualTo("http://10.0.0.1:8080/boot.ipxe");
        assertThat(bootFile(discover("PXEClient:Arch:00007:UNDI:003016", 7, Map.of(DhcpOptions.IPXE_ENCAPSULATED, new byte[] {1, 1, 1}))))
                .isEqualTo("http://10.0.0.1:8080/boot.ipxe");
        assertThat(bootFile(discover("PXEClient:Arch:00002", 2, Map.of()))).as("Itanium: nothing for it").isEqualTo("no answer");
        assertThat(bootFile(discover("PXEClient:Arch:00006", 6, Map.of()))).as("32-bit UEFI").isEqualTo("no answer");
        assertThat(timeline.of(MAC).get(timeline.of(MAC).size() - 1).outcome()).as("said, not served")
                .isEqualTo(dev.provisioner.server.core.timeline.Outcome.REFUSED);
        assertThat(timeline.of(MAC).get(timeline.of(MAC).size() - 1).detail())
                .contains("no first file for firmware architecture 6");
        assertThat(bootFile(discover("MSFT 5.0", 0, Map.of()))).as("not a network boot").isEqualTo("no answer");
        assertThat(timeline.of(MAC)).extracting(BootEvent::transport).containsOnly(Transport.DHCP);
    }

    @Test
    void anOfferCarriesNoAddressAndWhatPxeNeedsAndARelayedOneGoesBackThroughTheRelay() throws Exception {
        machines.put(new Machine(MAC, "blade-1", "blade", Map.of(), Map.of()));
        byte[] uuid = new byte[17];
        uuid[16] = 9;
        DhcpMessage request = discover("PXEClient:Arch:00000:UNDI:002001", 0, Map.of(DhcpOptions.CLIENT_UUID, uuid));
        DhcpResponder.Reply reply = ask(responder(false), request, CLIENT, false).orElseThrow();
        DhcpMessage offer = DhcpCodec.decode(ByteBuffer.wrap(DhcpCodec.encode(reply.message())));
        assertThat(offer.messageType()).contains(DhcpOptions.OFFER);
        assertThat(offer.yiaddr().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(offer.siaddr().getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(offer.option(DhcpOptions.SERVER_ID)).hasValueSatisfying(v -> assertThat(v).containsExactly(10, 0, 0, 1));
        assertThat(offer.option(DhcpOptions.VENDOR_CLASS)).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("PXEClient"));
        assertThat(offer.option(DhcpOptions.CLIENT_UUID)).hasValueSatisfying(v -> assertThat(v).isEqualTo(uuid));
        assertThat(offer.option(DhcpOptions.VENDOR_SPECIFIC)).hasValueSatisfying(v -> assertThat(v).containsExactly(6, 1, 8, 255));
        assertThat(offer.xid()).isEqualTo(request.xid());
        assertThat(reply.destination()).isEqualTo(new InetSocketAddress("255.255.255.255", 68));

        DhcpMessage relayed = new DhcpMessage(request.op(), 1, 6, 1, request.xid(), 0, 0, request.ciaddr(), request.yiaddr(),
                request.siaddr(), DhcpCodec.address(new byte[] {10, 9, 0, 1}), request.chaddr(), "", "", request.options());
        assertThat(ask(responder(false), relayed, new InetSocketAddress("10.9.0.1", 67), false).orElseThrow().destination())
                .isEqualTo(new InetSocketAddress("10.9.0.1", 67));
        // each exchange is an event that says what was asked, and how
        List<BootEvent> events = timeline.of(MAC);
        assertThat(events.get(0).detail()).isEqualTo("DISCOVER from PXEClient:Arch:00000:UNDI:002001");
        assertThat(events.get(1).detail()).isEqualTo("DISCOVER from PXEClient:Arch:00000:UNDI:002001 via relay 10.9.0.1");
        assertThat(events.get(1).machine().uuid()).isEqualTo("00000000-0000-0000-0000-000000000009");
    }

    @Test
    void unknownMachinesAreAnsweredOnlyWhenConfiguredSoAndOnlyDiscoverOn67AndRequestOn4011() {
        DhcpMessage request = discover("PXEClient:Arch:00000:UNDI:002001", 0, Map.of());
        assertThat(ask(responder(false), request, CLIENT, false)).isEmpty();
        assertThat(ask(responder(true), request, CLIENT, false)).isPresent();
        assertThat(timeline.of(MAC)).isNotEmpty();
        assertThat(ask(responder(true), request, CLIENT, true)).as("a DISCOVER on 4011").isEmpty();
    }

    @Test
    void iPxesRequestOn4011FromItsOwnAddressOpensTheBootAttemptBoundToIt() {
        Attempts attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]), Duration.ofMinutes(30),
                RunningNodes.NONE, Clock.systemUTC());
        Profile configured = new Profile("configured", new BootSpec("k", List.of(), List.of()), Optional.of("c.yaml"));
        BootService service = new BootService(machines, new FixedProfiles().add(configured),
                (m, p, b, e) -> new ConfigOutcome.Ready(new byte[0], p.oem()), attempts, SwarmSource.NONE, timeline,
                Optional.empty(), Clock.systemUTC());
        machines.put(new Machine(MAC, "blade-1", "configured", Map.of(), Map.of()));
        ProxyResponder responder = new ProxyResponder(service, DhcpCodec.address(new byte[] {10, 0, 0, 1}),
                URI.create("http://10.0.0.1:8080/"), Optional.empty(), false, 67);
        InetSocketAddress from50 = new InetSocketAddress("10.0.0.50", 68);
        DhcpMessage firmware = discover("PXEClient:Arch:00007:UNDI:003016", 7, Map.of());
        assertThat(responder.answer(firmware, CLIENT, false)).isPresent();
        assertThat(attempts.current(MAC)).as("a DISCOVER comes from no address yet").isEmpty();
        assertThat(responder.answer(requestFrom(firmware, 50), from50, true)).isPresent();
        assertThat(attempts.current(MAC)).as("the firmware's lease may not be the one iPXE gets").isEmpty();

        DhcpMessage ipxe = discover("PXEClient:Arch:00007:UNDI:003016", 7,
                Map.of(DhcpOptions.USER_CLASS, "iPXE".getBytes(StandardCharsets.US_ASCII)));
        assertThat(responder.answer(requestFrom(ipxe, 51), from50, true)).isPresent();
        assertThat(attempts.current(MAC)).as("an address it was not sent from proves nothing").isEmpty();
        assertThat(responder.answer(requestFrom(ipxe, 50), from50, true)).isPresent();
        assertThat(attempts.current(MAC)).hasValueSatisfying(a -> assertThat(a.source()).isEqualTo("10.0.0.50"));
    }

    /** A REQUEST on 4011 like the DISCOVER, from 10.0.0.{@code host}. */
    private static DhcpMessage requestFrom(DhcpMessage discover, int host) {
        return new DhcpMessage(1, 1, 6, 0, 7, 0, 0, DhcpCodec.address(new byte[] {10, 0, 0, (byte) host}),
                discover.yiaddr(), discover.siaddr(), discover.giaddr(), discover.chaddr(), "", "",
                with(discover.options(), DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.REQUEST}));
    }

    private static Map<Integer, byte[]> with(Map<Integer, byte[]> options, int code, byte[] value) {
        Map<Integer, byte[]> changed = new java.util.LinkedHashMap<>(options);
        changed.put(code, value);
        return changed;
    }
}
