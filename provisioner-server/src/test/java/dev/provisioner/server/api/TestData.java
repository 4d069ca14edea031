package dev.provisioner.server.api;

import dev.provisioner.server.ProvisionerApplication;
import dev.provisioner.server.ProvisionerConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A small data directory for API tests (two good profiles, one broken, a few assets), and the app to serve it. */
final class TestData {

    /** The application from the repository's config.yml, on ephemeral loopback ports, serving {@code data}. */
    static DropwizardAppExtension<ProvisionerConfiguration> app(Path data, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("dataDir", data.toString()),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1"),
                ConfigOverride.config("tftp.port", "0"),
                ConfigOverride.config("tftp.bind", "127.0.0.1")));
        all.addAll(List.of(overrides));
        return new DropwizardAppExtension<>(ProvisionerApplication.class, "../config.yml", all.toArray(ConfigOverride[]::new));
    }

    private TestData() {
    }

    static Path directory() {
        try {
            Path data = temporaryDirectory("provisioner-test-data");
            Files.createDirectories(data.resolve("profiles"));
            Files.createDirectories(data.resolve("machines"));
            Files.createDirectories(data.resolve("assets/flatcar"));
            Files.writeString(data.resolve("profiles/worker.yaml"), """
                    boot:
                      kernel: flatcar/vmlinuz
                      initrds: [flatcar/initrd.cpio.gz]
                      args: [flatcar.first_boot=1, console=ttyS0]
                    """);
            Files.writeString(data.resolve("profiles/manager.yaml"), """
                    boot:
                      kernel: flatcar/vmlinuz
                      args: [console=ttyS0]
                    """);
            Files.writeString(data.resolve("profiles/broken.yaml"), "boot:\n  kernel: k\n  bogus: 1\n");
            byte[] kernel = new byte[1 << 20];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = (byte) (i * 31 + (i >> 8));
            }
            Files.write(data.resolve("assets/flatcar/vmlinuz"), kernel);
            Files.writeString(data.resolve("secret.txt"), "outside the assets directory");
            Files.createSymbolicLink(data.resolve("assets/flatcar/escape"), data.resolve("secret.txt"));
            Files.createSymbolicLink(data.resolve("assets/flatcar/inside"), data.resolve("assets/flatcar/vmlinuz"));
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory removed, with what is in it, when the tests' JVM ends. */
    static Path temporaryDirectory(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // the JVM is going away: what is left stays in the temporary directory
            }
        }));
        return directory;
    }

    static void clearMachines(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("machines"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    /** Polls until the value is there: the server rereads the data directory on a timer. */
    static <T> T eventually(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within 10 s");
    }
}
