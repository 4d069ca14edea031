import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.Transfer;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.store.FileTimeline;
import dev.provisioner.server.store.TimelineBounds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The boot timeline's own cost, in process: BOOTS boots of MACHINES registered machines, each the events a ProxyDHCP
 * boot of a swarm profile records (2 DHCP, the script, kernel, initrd, archive, enrollment, joined, verified), into
 * the in-memory timeline and into the files one. Prints CPU per event and per boot, and bytes written per boot, then
 * what that comes to at 1,000 boots a minute. Run by timeline-bench.sh: java -cp provisioner-server.jar TimelineCost.java
 */
public class TimelineCost {

    static final int MACHINES = Integer.getInteger("machines", 1000);
    static final int BOOTS = Integer.getInteger("boots", 100_000);

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("timeline-cost");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        TimelineBounds bounds = new TimelineBounds(100, 10_000);
        for (int round = 0; round < 3; round++) {  // the first rounds warm the JIT up; the last is reported
            Path files = directory.resolve("round-" + round);
            long[] memory = run(new RecentTimeline(bounds.eventsPerMachine(), bounds.machines()), cpu);
            long writtenBefore = written();
            long[] persisted = run(new FileTimeline(files, bounds, mac -> true), cpu);
            long written = written() - writtenBefore;
            long onDisk;
            try (Stream<Path> all = Files.list(files)) {
                onDisk = all.mapToLong(f -> f.toFile().length()).sum();
            }
            if (round == 2) {
                report(memory, persisted, written, onDisk);
            }
        }
    }

    /** CPU nanoseconds of this thread and events recorded. */
    static long[] run(Timeline timeline, ThreadMXBean cpu) {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        long events = 0;
        long start = cpu.getCurrentThreadCpuTime();
        for (int boot = 0; boot < BOOTS; boot++) {
            MacAddress mac = MacAddress.parse(String.format("52:54:00:%02x:%02x:%02x", (boot % MACHINES) >> 16,
                    ((boot % MACHINES) >> 8) & 255, (boot % MACHINES) & 255)).orElseThrow();
            MachineIdentity dhcp = new MachineIdentity(Optional.of(mac), "0b6e4b0c-1f3a-4c55-9e0a-3f2b1c0d9e8f", null,
                    "7", "efi", "PXEClient:Arch:00007:UNDI:003016", null);
            MachineIdentity http = MachineIdentity.of(mac, "10.0.3." + (boot % 250)).withFirmware(
                    "0b6e4b0c-1f3a-4c55-9e0a-3f2b1c0d9e8f", "SER-" + boot % MACHINES, "x86_64", "efi");
            t = t.plusMillis(60);
            events += record(timeline, new BootEvent(t, dhcp, ArtifactKind.DHCP_BOOT_FILE, Transport.DHCP,
                    Outcome.SERVED, "flatcar-worker", "ipxe.efi; DISCOVER from PXEClient:Arch:00007:UNDI:003016"));
            events += record(timeline, new BootEvent(t, dhcp, ArtifactKind.DHCP_BOOT_FILE, Transport.DHCP,
                    Outcome.SERVED, "flatcar-worker", "http://10.0.3.1:8080/boot.ipxe; DISCOVER from PXEClient (iPXE)"));
            events += record(timeline, new BootEvent(t, http, ArtifactKind.IPXE_SCRIPT, Transport.HTTP, Outcome.SERVED,
                    "flatcar-worker", null));
            events += record(timeline, new BootEvent(t, http, ArtifactKind.ASSET, Transport.HTTP, Outcome.SERVED,
                    "flatcar/flatcar_production_pxe.vmlinuz", null,
                    Optional.of(new Transfer(58_000_000, Duration.ofMillis(420)))));
            events += record(timeline, new BootEvent(t, http, ArtifactKind.ASSET, Transport.HTTP, Outcome.SERVED,
                    "flatcar/flatcar_production_pxe_image.cpio.gz", null,
                    Optional.of(new Transfer(310_000_000, Duration.ofMillis(2100)))));
            events += record(timeline, new BootEvent(t, http, ArtifactKind.OEM_ARCHIVE, Transport.HTTP, Outcome.SERVED,
                    "flatcar-worker", "joins the swarm as worker"));
            events += record(timeline, new BootEvent(t, http, ArtifactKind.ENROLLMENT, Transport.HTTP, Outcome.SERVED,
                    "flatcar-worker", "joins the swarm as worker"));
            MachineIdentity node = new MachineIdentity(Optional.of(mac), null, null, null, null, null, "10.0.3.9");
            events += record(timeline, new BootEvent(t, node, ArtifactKind.SWARM_NODE, Transport.SWARM, Outcome.JOINED,
                    "x7k2m9q4w1e8r5t6y3u0i2o4p", "node x7k2m9q4w1e8r5t6y3u0i2o4p (worker-017 at 10.0.3.9) is Ready in the swarm"));
            events += record(timeline, new BootEvent(t, node, ArtifactKind.SWARM_NODE, Transport.SWARM, Outcome.VERIFIED,
                    "x7k2m9q4w1e8r5t6y3u0i2o4p", "node x7k2m9q4w1e8r5t6y3u0i2o4p (worker-017 at 10.0.3.9): verified; enrolled from 10.0.3.9 as machine " + mac));
        }
        return new long[] {cpu.getCurrentThreadCpuTime() - start, events};
    }

    static int record(Timeline timeline, BootEvent event) {
        timeline.record(event);
        return 1;
    }

    /** Bytes this process handed to write(2) so far (/proc/self/io wchar). */
    static long written() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/io")).stream().filter(l -> l.startsWith("wchar:"))
                .mapToLong(l -> Long.parseLong(l.substring(6).trim())).findFirst().orElse(0);
    }

    static void report(long[] memory, long[] persisted, long written, long onDisk) {
        double perEventMemory = (double) memory[0] / memory[1] / 1000;
        double perEventFiles = (double) persisted[0] / persisted[1] / 1000;
        double eventsPerBoot = (double) persisted[1] / BOOTS;
        double cpuPerMinute = perEventFiles * eventsPerBoot * 1000 / 1e6;
        System.out.printf("machines=%d boots=%d events=%d (%.0f a boot)%n", MACHINES, BOOTS, persisted[1], eventsPerBoot);
        System.out.printf("in memory:  %.1f us CPU an event%n", perEventMemory);
        System.out.printf("in files:   %.1f us CPU an event (%.1fx), %d bytes written a boot, %d bytes on disk for %d machines%n",
                perEventFiles, perEventFiles / perEventMemory, written / BOOTS, onDisk, MACHINES);
        System.out.printf("at 1,000 boots a minute: %.2f s CPU a minute (%.2f%% of one core), %.1f MB written a minute%n",
                cpuPerMinute, cpuPerMinute / 60 * 100, written / (double) BOOTS * 1000 / 1e6);
    }
}
