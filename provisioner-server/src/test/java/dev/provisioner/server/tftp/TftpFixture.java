package dev.provisioner.server.tftp;

import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.oem.OemArchives;
import dev.provisioner.server.core.links.ServerUrls;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.render.PxelinuxConfigs;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.store.FileMachineStore;
import dev.provisioner.server.store.FileProfileCatalog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A data directory with boot files and one registered machine, and the TFTP server on it, in this JVM. */
final class TftpFixture implements AutoCloseable {

    static final MacAddress MAC = MacAddress.parse("52:54:00:7f:00:01").orElseThrow();
    /** Over 65535 blocks of 512 bytes: crosses the block-number rollover. */
    static final int BIG = 32 * 1024 * 1024 + 1000;

    final Path data;
    final MetricRegistry metrics = new MetricRegistry();
    final RecentTimeline timeline = new RecentTimeline(100, 100);
    final TftpServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    TftpFixture(Path data, TftpServer.Limits limits) throws IOException {
        this(data, limits, Optional.empty());
    }

    /** With a default profile there is no pxelinux.cfg/default file: the server renders it. */
    TftpFixture(Path data, TftpServer.Limits limits, Optional<String> defaultProfile) throws IOException {
        this(data, limits, defaultProfile, "127.0.0.1");
    }

    TftpFixture(Path data, TftpServer.Limits limits, Optional<String> defaultProfile, String bind) throws IOException {
        this.data = data;
        Path boot = Files.createDirectories(data.resolve("tftpboot"));
        Files.createDirectories(data.resolve("tftpboot/pxelinux.cfg"));
        Files.writeString(boot.resolve("text.cfg"), "line one\nline two\r\nend\n");
        writeRandom(boot.resolve("f1m.bin"), 1024 * 1024, 1);
        if (!Files.exists(boot.resolve("big.bin"))) {
            writeRandom(boot.resolve("big.bin"), BIG, 2);
        }
        if (defaultProfile.isEmpty()) {
            Files.writeString(boot.resolve("pxelinux.cfg/default"), "DEFAULT local\n");
        }
        Files.createDirectories(data.resolve("assets/flatcar"));
        Files.writeString(data.resolve("assets/flatcar/vmlinuz"), "kernel bytes");
        Files.writeString(data.resolve("secret.txt"), "outside every root");
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("profiles/pxe.yaml"), """
                boot:
                  kernel: flatcar/vmlinuz
                  initrds: [flatcar/image.cpio.gz]
                  args: [console=ttyS0, tftp.marker=yes]
                config: node.yaml
                """);
        Files.writeString(data.resolve("configs/node.yaml"), "storage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: [=machine.hostname]\n");
        FileMachineStore machines = new FileMachineStore(data);
        FileProfileCatalog profiles = new FileProfileCatalog(data);
        profiles.refresh();
        machines.put(new Machine(MAC, "tftp-1", "pxe", Map.of(), Map.of()));
        TemplateEngine templates = TemplateEngine.withBuiltIns(Optional.empty());
        BootService core = new BootService(machines, profiles,
                new IgnitionConfigRenderer(data, SwarmSource.NONE, new SwarmUnits(templates, Optional.empty())),
                new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]), Duration.ofMinutes(30),
                        RunningNodes.NONE, Clock.systemUTC()), SwarmSource.NONE, timeline, defaultProfile, Clock.systemUTC());
        TftpFiles files = new TftpFiles(data, core, PxelinuxConfigs.perMachine(templates, Duration.ofSeconds(10)),
                PxelinuxConfigs.fallback(templates, Duration.ofSeconds(10)), new OemArchives(),
                new ServerUrls(Optional.empty(), 8080));
        server = new TftpServer(new InetSocketAddress(bind, 0), files, limits, metrics, timer);
        server.start();
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    static void writeRandom(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.write(file, bytes);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        server.stop();
        timer.shutdownNow();
    }
}
