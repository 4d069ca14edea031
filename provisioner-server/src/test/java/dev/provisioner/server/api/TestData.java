package dev.provisioner.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A small data directory for API tests: two good profiles, one broken, a few assets. */
final class TestData {

    private TestData() {
    }

    static Path directory() {
        try {
            Path data = Files.createTempDirectory("provisioner-test-data");
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
