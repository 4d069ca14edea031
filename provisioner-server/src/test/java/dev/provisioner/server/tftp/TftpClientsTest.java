package dev.provisioner.server.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TFTP clients against the server: tftp-hpa's tftp, atftp, curl, busybox tftp (Debian packages tftp-hpa,
 * atftp, curl, busybox) and commons-net's TFTPClient. Every download's SHA-256 must match the file's.
 */
class TftpClientsTest {

    @TempDir
    static Path data;
    @TempDir
    static Path out;
    static TftpFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new TftpFixture(data, new TftpServer.Limits(2000, 2000, 1000));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String port() {
        return String.valueOf(fixture.address().getPort());
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(out.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    private static void assertSameFile(String name, Path downloaded) throws Exception {
        assertThat(TftpFixture.sha256(downloaded)).as(name).isEqualTo(TftpFixture.sha256(data.resolve("tftpboot/" + name)));
    }

    @Test
    void tftpHpaCrossesTheBlockNumberRolloverAtBlockSize512() throws Exception {
        run("tftp", "-m", "binary", "127.0.0.1", port(), "-c", "get", "big.bin", "hpa-big.bin");
        assertSameFile("big.bin", out.resolve("hpa-big.bin"));
    }

    @Test
    void commonsNetCrossesTheRolloverToo() throws Exception {
        TFTPClient client = new TFTPClient();
        client.open();
        try (OutputStream file = Files.newOutputStream(out.resolve("cn-big.bin"))) {
            client.receiveFile("big.bin", TFTP.BINARY_MODE, file, InetAddress.getLoopbackAddress(), fixture.address().getPort());
        } finally {
            client.close();
        }
        assertSameFile("big.bin", out.resolve("cn-big.bin"));
    }

    @Test
    void atftpNegotiatesBlockSizeWindowSizeAndTsize() throws Exception {
        String trace = run("atftp", "--trace", "--option", "blksize 1428", "--option", "windowsize 8", "--option", "tsize 0",
                "-g", "-r", "f1m.bin", "-l", "atftp-1m.bin", "127.0.0.1", port());
        assertSameFile("f1m.bin", out.resolve("atftp-1m.bin"));
        assertThat(trace).contains("received OACK", "blksize: 1428", "windowsize: 8", "tsize: 1048576");
    }

    @Test
    void curlWithALargeBlockSize() throws Exception {
        run("curl", "-sS", "--tftp-blksize", "8192", "-o", "curl-1m.bin", "tftp://127.0.0.1:" + port() + "/f1m.bin");
        assertSameFile("f1m.bin", out.resolve("curl-1m.bin"));
        run("curl", "-sS", "-o", "curl-vmlinuz", "tftp://127.0.0.1:" + port() + "/flatcar/vmlinuz");
        assertThat(out.resolve("curl-vmlinuz")).hasContent("kernel bytes");
    }

    @Test
    void busyboxWithItsBlockSizeOption() throws Exception {
        run("busybox", "tftp", "-b", "1428", "-g", "-r", "f1m.bin", "-l", "busybox-1m.bin", "127.0.0.1", port());
        assertSameFile("f1m.bin", out.resolve("busybox-1m.bin"));
        run("busybox", "tftp", "-g", "-r", "text.cfg", "-l", "busybox-text.cfg", "127.0.0.1", port());
        assertSameFile("text.cfg", out.resolve("busybox-text.cfg"));
    }

    @Test
    void fiveHundredClientsAtOnceAllGetTheirFile() throws Exception {
        Path file = data.resolve("tftpboot/f128k.bin");
        TftpFixture.writeRandom(file, 128 * 1024, 3);
        String expected = TftpFixture.sha256(file);
        long completedBefore = fixture.metrics.meter("tftp.transfers.completed").getCount();
        ExecutorService pool = Executors.newFixedThreadPool(500);
        try {
            List<Future<String>> downloads = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Path target = out.resolve("many-" + i + ".bin");
                downloads.add(pool.submit(() -> {
                    TFTPClient client = new TFTPClient();
                    client.setDefaultTimeout(java.time.Duration.ofSeconds(5));
                    client.open();
                    try (OutputStream o = Files.newOutputStream(target)) {
                        client.receiveFile("f128k.bin", TFTP.BINARY_MODE, o, InetAddress.getLoopbackAddress(),
                                fixture.address().getPort());
                    } finally {
                        client.close();
                    }
                    return TftpFixture.sha256(target);
                }));
            }
            for (Future<String> download : downloads) {
                assertThat(download.get(240, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.metrics.meter("tftp.transfers.completed").getCount() - completedBefore).isEqualTo(500);
    }

    /** UEFI's IPv6 PXE fetches over TFTP too: the same server, bound to an IPv6 address. */
    @Test
    void ipv6ClientsAreServedFromAFreshPortAsWell(@TempDir Path other) throws Exception {
        try (TftpFixture v6 = new TftpFixture(other, new TftpServer.Limits(10, 10, 1000), Optional.empty(), "::1")) {
            String port = String.valueOf(v6.address().getPort());
            run("curl", "-sS", "--tftp-blksize", "1428", "-o", "v6-curl.bin", "tftp://[::1]:" + port + "/f1m.bin");
            run("tftp", "-6", "-m", "binary", "::1", port, "-c", "get", "f1m.bin", "v6-hpa.bin");
            run("curl", "-sS", "-o", "v6-pxelinux.cfg", "tftp://[::1]:" + port + "/pxelinux.cfg/01-52-54-00-7f-00-01");
            String expected = TftpFixture.sha256(other.resolve("tftpboot/f1m.bin"));
            assertThat(TftpFixture.sha256(out.resolve("v6-curl.bin"))).isEqualTo(expected);
            assertThat(TftpFixture.sha256(out.resolve("v6-hpa.bin"))).isEqualTo(expected);
            assertThat(out.resolve("v6-pxelinux.cfg")).content().contains("KERNEL flatcar/vmlinuz");
            assertThat(v6.metrics.meter("tftp.transfers.completed").getCount()).isEqualTo(3);
        }
    }
}
