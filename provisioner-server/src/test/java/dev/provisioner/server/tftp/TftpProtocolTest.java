package dev.provisioner.server.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.tftp.RawClient.Packet;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol packet by packet, with a client that drops, duplicates and misbehaves on purpose. */
class TftpProtocolTest {

    @TempDir
    static Path data;
    static TftpFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new TftpFixture(data, new TftpServer.Limits(1000, 1000, 200));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static RawClient client() throws Exception {
        return new RawClient(fixture.address());
    }

    /** Downloads with lock-step ACKs; returns the bytes. */
    private static byte[] download(RawClient client, String file, String... options) throws Exception {
        client.send(RawClient.request(1, file, "octet", options), client.server);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int blockSize = 512;
        Packet first = client.receive();
        assertThat(first).isNotNull();
        if (first.opcode() == 6) {
            blockSize = Integer.parseInt(first.options().getOrDefault("blksize", "512"));
            client.ack(0, first.from());
            first = client.receive();
        }
        Packet data = first;
        while (true) {
            assertThat(data.opcode()).as(data.text()).isEqualTo(3);
            out.write(data.payload());
            client.ack(data.number(), data.from());
            if (data.payload().length < blockSize) {
                return out.toByteArray();
            }
            data = client.receive();
            assertThat(data).as("the next DATA").isNotNull();
        }
    }

    @Test
    void optionsAreAcknowledgedAsAskedAndUnknownOnesLeftOut() throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet", "BLKSIZE", "1428", "tsize", "0", "timeout", "3",
                    "windowsize", "8", "frobnicate", "1"), client.server);
            Packet oack = client.receive();
            assertThat(oack.opcode()).isEqualTo(6);
            assertThat(oack.options()).containsExactly(Map.entry("blksize", "1428"), Map.entry("tsize", "1048576"),
                    Map.entry("timeout", "3"), Map.entry("windowsize", "8"));
            // every transfer answers from a port of its own
            assertThat(oack.from().getPort()).isNotEqualTo(fixture.address().getPort());
            client.send(RawClient.request(1, "f1m.bin", "octet", "blksize", "99999", "windowsize", "1000"), client.server);
        }
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet", "blksize", "99999", "windowsize", "1000"), client.server);
            // at most 64 KiB in flight: a window of one such block
            assertThat(client.receive().options()).containsExactly(Map.entry("blksize", "65464"), Map.entry("windowsize", "1"));
        }
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet", "blksize", "512", "windowsize", "1000"), client.server);
            assertThat(client.receive().options()).containsExactly(Map.entry("blksize", "512"), Map.entry("windowsize", "64"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blksize=4", "blksize=big", "timeout=0", "timeout=256", "windowsize=0", "tsize=-1"})
    void optionValuesThatCannotWorkAreRefusedWithError8(String option) throws Exception {
        String[] nameValue = option.split("=");
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet", nameValue[0], nameValue[1]), client.server);
            Packet error = client.receive();
            assertThat(error.opcode()).isEqualTo(5);
            assertThat(error.number()).isEqualTo(8);
            assertThat(error.text()).contains("option " + nameValue[0]);
        }
    }

    @Test
    void aRequestRefusedForItsOptionsIsNotRecordedAsServed() throws Exception {
        int recorded = fixture.timeline.of(TftpFixture.MAC).size();
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "pxelinux.cfg/01-52-54-00-7f-00-01", "octet", "blksize", "4"), client.server);
            assertThat(client.receive().number()).isEqualTo(8);
        }
        assertThat(fixture.timeline.of(TftpFixture.MAC)).hasSize(recorded);
    }

    @Test
    void aWindowOfEightComesInOneGoAndTheNextAfterItsAck() throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet", "blksize", "1024", "windowsize", "8"), client.server);
            Packet oack = client.receive();
            client.ack(0, oack.from());
            List<Integer> window = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                window.add(client.receive().number());
            }
            assertThat(window).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            client.socket.setSoTimeout(150);
            assertThat(client.receive()).as("nothing more before the window's ACK").isNull();
            // the client lost block 6: it acknowledges 5, and the server goes on from 6
            client.ack(5, oack.from());
            assertThat(client.receive().number()).isEqualTo(6);
        }
    }

    @Test
    void duplicateAcksNeverCauseDuplicateSends() throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet"), client.server);
            Map<Integer, Integer> seen = new HashMap<>();
            Packet data = client.receive();
            InetSocketAddress tid = data.from();
            while (true) {
                seen.merge(data.number(), 1, Integer::sum);
                client.ack(data.number(), tid);
                client.ack(data.number(), tid);
                if (data.payload().length < 512) {
                    break;
                }
                data = client.receive();
            }
            client.socket.setSoTimeout(300);
            assertThat(client.receive()).isNull();
            assertThat(seen).hasSize(1024 * 1024 / 512 + 1).allSatisfy((block, count) -> assertThat(count).as("block " + block).isEqualTo(1));
        }
    }

    @Test
    void aLostAckIsRecoveredByRetransmittingOnlyWhatWasNotAcknowledged() throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "text.cfg", "octet", "blksize", "8", "windowsize", "2"), client.server);
            Packet oack = client.receive();
            client.ack(0, oack.from());
            assertThat(List.of(client.receive().number(), client.receive().number())).containsExactly(1, 2);
            // no ACK: after the timeout (200 ms here) the same window again, then silence until acknowledged
            long before = System.nanoTime();
            assertThat(List.of(client.receive().number(), client.receive().number())).containsExactly(1, 2);
            assertThat((System.nanoTime() - before) / 1_000_000).isBetween(150L, 1500L);
            client.ack(2, oack.from());
            assertThat(client.receive().number()).isEqualTo(3);
        }
    }

    @Test
    void anIdleTransferGivesUpAndFreesItsPort() throws Exception {
        long failedBefore = fixture.metrics.meter("tftp.transfers.failed").getCount();
        try (RawClient client = client()) {
            client.socket.setSoTimeout(10_000);
            client.send(RawClient.request(1, "f1m.bin", "octet"), client.server);
            Packet error = null;
            for (Packet p = client.receive(); p != null; p = client.receive()) {
                if (p.opcode() == 5) {
                    error = p;
                    break;
                }
            }
            assertThat(error).isNotNull();
            assertThat(error.text()).isEqualTo("timed out");
        }
        // the server counts the failure after it sends the error: on a busy machine, a moment later
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fixture.metrics.meter("tftp.transfers.failed").getCount() == failedBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fixture.metrics.meter("tftp.transfers.failed").getCount()).isGreaterThan(failedBefore);
    }

    /** Its retransmission meets ICMP port unreachable: the transfer ends then, not after every retry (6 s here). */
    @Test
    void aClientThatGoesAwayEndsItsTransferAtTheFirstRetransmission() throws Exception {
        long failedBefore = fixture.metrics.meter("tftp.transfers.failed").getCount();
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "f1m.bin", "octet"), client.server);
            assertThat(client.receive().opcode()).isEqualTo(3);
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (fixture.metrics.meter("tftp.transfers.failed").getCount() == failedBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fixture.metrics.meter("tftp.transfers.failed").getCount()).isGreaterThan(failedBefore);
    }

    @Test
    void netasciiTurnsLineEndsIntoCrLfAndLoneCrIntoCrNul() throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "text.cfg", "NETASCII"), client.server);
            Packet data = client.receive();
            client.ack(1, data.from());
            assertThat(new String(data.payload(), StandardCharsets.ISO_8859_1)).isEqualTo("line one\r\nline two\r\0\r\nend\r\n");
        }
    }

    @Test
    void writesModesAndStrayPacketsGetTheRightErrors() throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(2, "upload.bin", "octet"), client.server);
            assertThat(client.receive()).satisfies(p -> assertThat(p.number()).isEqualTo(2)).extracting(Packet::text)
                    .isEqualTo("this server is read-only");
            client.send(RawClient.request(1, "f1m.bin", "mail"), client.server);
            assertThat(client.receive().number()).isEqualTo(4);
            client.send(new byte[] {0, 9, 1, 2}, client.server);
            assertThat(client.receive().text()).contains("unknown opcode 9");
            client.send(new byte[] {0, 3, 0, 1, 42}, client.server);
            assertThat(client.receive().number()).isEqualTo(4);
            client.ack(1, client.server);
            assertThat(client.receive().number()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "pxelinux.cfg/../../secret.txt", "/../secret.txt", "..", "a//b",
        "tftpboot\\..\\secret.txt", "./f1m.bin", "f1m.bin/..", "%2e%2e/secret.txt", "evil\u0001name", "\u00e9t\u00e9"})
    void noNameLeavesTheRoots(String name) throws Exception {
        try (RawClient client = client()) {
            client.send(RawClient.request(1, name, "octet"), client.server);
            Packet answer = client.receive();
            assertThat(answer.opcode()).isEqualTo(5);
            assertThat(answer.number()).isIn(1, 2);
        }
    }

    @Test
    void aSymlinkOutOfTheRootIsRefused() throws Exception {
        Path link = data.resolve("tftpboot/escape.txt");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, data.resolve("secret.txt"));
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "escape.txt", "octet"), client.server);
            assertThat(client.receive()).satisfies(p -> assertThat(p.number()).isEqualTo(2));
        }
    }

    @Test
    void garbageNeverStopsTheServer() throws Exception {
        Random random = new Random(7);
        try (RawClient client = client()) {
            client.socket.setSoTimeout(50);
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[random.nextInt(700)];
                random.nextBytes(junk);
                if (junk.length > 1 && random.nextBoolean()) {
                    junk[0] = 0;
                    junk[1] = (byte) (1 + random.nextInt(6));
                }
                client.send(junk, client.server);
            }
            // truncated requests and a request with far too many options
            client.send(new byte[] {0, 1, 'f'}, client.server);
            client.send(new byte[] {0, 1, 'f', 0, 'o', 'c'}, client.server);
            String[] many = new String[80];
            for (int i = 0; i < 80; i += 2) {
                many[i] = "opt" + i;
                many[i + 1] = "1";
            }
            client.send(RawClient.request(1, "f1m.bin", "octet", many), client.server);
            while (client.receive() != null) {
                // drain the error answers
            }
        }
        try (RawClient client = client()) {
            assertThat(download(client, "text.cfg")).isEqualTo(Files.readAllBytes(data.resolve("tftpboot/text.cfg")));
        }
    }

    @Test
    void perClientLimitsAreEnforced(@TempDir Path other) throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try (TftpFixture limited = new TftpFixture(other, new TftpServer.Limits(1000, 3, 200))) {
            for (int i = 0; i < 3; i++) {
                RawClient c = new RawClient(limited.address());
                clients.add(c);
                c.send(RawClient.request(1, "f1m.bin", "octet"), c.server);
                assertThat(c.receive().opcode()).isEqualTo(3);
            }
            RawClient fourth = new RawClient(limited.address());
            clients.add(fourth);
            fourth.send(RawClient.request(1, "f1m.bin", "octet"), fourth.server);
            assertThat(fourth.receive().text()).isEqualTo("too many transfers; try again");
        } finally {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void pxelinuxAndTheOemArchiveComeFromTheCore() throws Exception {
        String oem;
        try (RawClient client = client()) {
            String config = new String(download(client, "pxelinux.cfg/01-52-54-00-7f-00-01"), StandardCharsets.UTF_8);
            assertThat(config).contains("KERNEL flatcar/vmlinuz?mac=52-54-00-7f-00-01\n",
                    "APPEND initrd=flatcar/image.cpio.gz?mac=52-54-00-7f-00-01,oem/52-54-00-7f-00-01.cpio.gz?attempt=",
                    " console=ttyS0 tftp.marker=yes flatcar.first_boot=1");
            java.util.regex.Matcher signed = java.util.regex.Pattern.compile(",(oem/\\S+) ").matcher(config);
            assertThat(signed.find()).isTrue();
            oem = signed.group(1);
        }
        try (RawClient client = client()) {
            // the archive by the signed name the config gave, from the address that asked for the config
            byte[] archive = download(client, oem, "blksize", "1428");
            assertThat(archive[0] & 0xff).isEqualTo(0x1f);
            assertThat(archive[1] & 0xff).isEqualTo(0x8b);
        }
        try (RawClient client = client()) {
            assertThat(download(client, "flatcar/vmlinuz")).isEqualTo("kernel bytes".getBytes(StandardCharsets.UTF_8));
        }
        // the kernel as the config names it: the same file, and a step in the machine's timeline
        try (RawClient client = client()) {
            assertThat(download(client, "flatcar/vmlinuz?mac=52-54-00-7f-00-01"))
                    .isEqualTo("kernel bytes".getBytes(StandardCharsets.UTF_8));
        }
        // a first file as a ProxyDHCP answer names it: tftpboot/'s file, in the machine's timeline as one
        try (RawClient client = client()) {
            assertThat(download(client, "f1m.bin?mac=52-54-00-7f-00-01", "blksize", "1428")).hasSize(1024 * 1024);
        }
        // recorded once the server has the last block's ACK, which the client sent as it returned
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fixture.timeline.of(TftpFixture.MAC).stream().noneMatch(e -> e.kind() == ArtifactKind.DHCP_BOOT_FILE)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(fixture.timeline.of(TftpFixture.MAC))
                .extracting(BootEvent::kind, BootEvent::transport, BootEvent::outcome)
                .contains(tuple(ArtifactKind.PXELINUX_CONFIG, Transport.TFTP, Outcome.SERVED),
                        tuple(ArtifactKind.OEM_ARCHIVE, Transport.TFTP, Outcome.SERVED),
                        tuple(ArtifactKind.ASSET, Transport.TFTP, Outcome.SERVED));
        assertThat(fixture.timeline.of(TftpFixture.MAC)).filteredOn(e -> e.kind() == ArtifactKind.ASSET)
                .singleElement().satisfies(kernel -> {
                    assertThat(kernel.artifact()).isEqualTo("flatcar/vmlinuz");
                    assertThat(kernel.transfer()).hasValueSatisfying(t -> assertThat(t.bytes()).isEqualTo(12));
                });
        assertThat(fixture.timeline.of(TftpFixture.MAC)).filteredOn(e -> e.kind() == ArtifactKind.DHCP_BOOT_FILE)
                .singleElement().satisfies(first -> {
                    assertThat(first.transport()).isEqualTo(Transport.TFTP);
                    assertThat(first.artifact()).isEqualTo("f1m.bin");
                    assertThat(first.transfer()).hasValueSatisfying(t -> assertThat(t.bytes()).isEqualTo(1024 * 1024));
                });
        // an archive under the other layout's name is refused before anything is recorded
        int recorded = fixture.timeline.of(TftpFixture.MAC).size();
        try (RawClient client = client()) {
            client.send(RawClient.request(1, "oem/52-54-00-7f-00-01.cpio.xz", "octet"), client.server);
            assertThat(client.receive().text()).isEqualTo("the machine's archive is oem/52-54-00-7f-00-01.cpio.gz");
        }
        assertThat(fixture.timeline.of(TftpFixture.MAC)).hasSize(recorded);
        // an unknown machine and pxelinux's other probes: "file not found" at once
        for (String probe : List.of("pxelinux.cfg/01-52-54-00-99-99-99", "pxelinux.cfg/C0A80001",
                "pxelinux.cfg/12345678-9abc-def0-1234-56789abcdef0", "oem/52-54-00-99-99-99.cpio.gz")) {
            try (RawClient client = client()) {
                client.send(RawClient.request(1, probe, "octet"), client.server);
                assertThat(client.receive()).satisfies(p -> assertThat(p.number()).as(probe).isEqualTo(1));
            }
        }
        try (RawClient client = client()) {
            assertThat(new String(download(client, "pxelinux.cfg/default"), StandardCharsets.UTF_8)).isEqualTo("DEFAULT local\n");
        }
    }

    @Test
    void withADefaultProfileUnknownMachinesAndPxelinuxDefaultAreRenderedFromIt(@TempDir Path other) throws Exception {
        try (TftpFixture withDefault = new TftpFixture(other, new TftpServer.Limits(1000, 1000, 200), Optional.of("pxe"))) {
            try (RawClient client = new RawClient(withDefault.address())) {
                String config = new String(download(client, "pxelinux.cfg/default"), StandardCharsets.UTF_8);
                assertThat(config).contains("booting an unregistered machine with profile pxe", "KERNEL flatcar/vmlinuz",
                        "APPEND initrd=flatcar/image.cpio.gz console=ttyS0 tftp.marker=yes\n");
            }
            try (RawClient client = new RawClient(withDefault.address())) {
                // an unregistered machine boots, but gets no config (and so no OEM archive): configs carry secrets
                String config = new String(download(client, "pxelinux.cfg/01-52-54-00-99-99-99"), StandardCharsets.UTF_8);
                assertThat(config).contains("booting 52:54:00:99:99:99 with profile pxe",
                        "APPEND initrd=flatcar/image.cpio.gz?mac=52-54-00-99-99-99 console=ttyS0 tftp.marker=yes\n");
            }
        }
    }

    /** Under a wildcard bind, configs name the address the client reached; nothing is sent to find it. */
    @Test
    void theAddressAClientReachedIsTheOneTheKernelAnswersFrom() {
        assertThat(TftpFiles.reachedOn(new InetSocketAddress("0.0.0.0", 69), new InetSocketAddress("127.0.0.1", 40000)))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 0).getAddress());
        assertThat(TftpFiles.reachedOn(new InetSocketAddress("::", 69), new InetSocketAddress("::1", 40000)))
                .isEqualTo(new InetSocketAddress("::1", 0).getAddress());
        assertThat(TftpFiles.reachedOn(new InetSocketAddress("127.0.0.1", 6969), new InetSocketAddress("127.0.0.1", 40000)))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 0).getAddress());
    }
}
