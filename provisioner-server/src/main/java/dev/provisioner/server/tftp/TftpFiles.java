package dev.provisioner.server.tftp;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineKey;
import dev.provisioner.server.oem.OemArchives;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files TFTP serves, through the same core as HTTP: {@code pxelinux.cfg/01-<mac>} rendered from the machine's
 * profile, {@code oem/<mac>.cpio.gz} from its config, and otherwise files under the data directory's
 * {@code tftpboot/}, then {@code assets/} (kernels and initrds named in profiles); {@code pxelinux.cfg/default}, when
 * no file has that name, from the default profile. Names are checked before any
 * lookup: no {@code ..} or empty segments, no backslashes or control characters; a leading slash means the TFTP
 * root, as with tftpd-hpa's {@code -s}. A path that leaves its root through a symbolic link is refused too.
 */
final class TftpFiles {

    sealed interface Resolution {
        record Found(TftpFile file) implements Resolution {
        }

        record Refused(int code, String message) implements Resolution {
        }
    }

    private static final Pattern PXELINUX_MAC = Pattern.compile("pxelinux\\.cfg/01-([0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5})");
    /** Served from tftpboot/ when the file is there, else rendered from the default profile. */
    private static final String PXELINUX_DEFAULT = "pxelinux.cfg/default";
    private static final Pattern OEM = Pattern.compile("oem/([0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5})(\\.cpio\\.(gz|xz))");

    private final List<Path> roots;
    private final BootService boot;
    private final OemArchives archives;
    private final Function<InetSocketAddress, URI> baseUrl;

    TftpFiles(Path dataDir, BootService boot, OemArchives archives, Function<InetSocketAddress, URI> baseUrl) {
        this.roots = List.of(dataDir.resolve("tftpboot"), dataDir.resolve("assets"));
        this.boot = boot;
        this.archives = archives;
        this.baseUrl = baseUrl;
    }

    /** @param local the address the request came in on (perhaps a wildcard), for the HTTP URLs a config may contain */
    Resolution resolve(String requested, InetSocketAddress client, InetSocketAddress local) {
        String name = requested.startsWith("/") ? requested.substring(1) : requested;
        Optional<String> bad = badName(name);
        if (bad.isPresent()) {
            return new Resolution.Refused(TftpPacket.ACCESS_VIOLATION, bad.get());
        }
        String source = client.getAddress().getHostAddress();
        Matcher pxelinux = PXELINUX_MAC.matcher(name);
        if (pxelinux.matches()) {
            MachineKey key = MachineKey.reported(pxelinux.group(1), null, null, null, "pxe", source);
            Optional<String> config = boot.pxelinuxConfig(key, base(client, local));
            if (config.isPresent()) {
                return new Resolution.Found(TftpFile.of(config.get().getBytes(StandardCharsets.UTF_8)));
            }
        }
        Matcher oem = OEM.matcher(name);
        if (oem.matches()) {
            return oemArchive(oem.group(1), oem.group(3), source, base(client, local));
        }
        for (Path root : roots) {
            Optional<Resolution> found = file(root, name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        if (name.equals(PXELINUX_DEFAULT)) {
            MachineKey key = MachineKey.reported(null, null, null, null, "pxe", source);
            Optional<String> config = boot.pxelinuxDefault(key);
            if (config.isPresent()) {
                return new Resolution.Found(TftpFile.of(config.get().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "file not found");
    }

    private Resolution oemArchive(String mac, String suffix, String source, URI base) {
        MachineKey key = MachineKey.reported(mac, null, null, null, "pxe", source);
        ConfigOutcome outcome = boot.config(key, base, "oem archive (tftp)");
        if (outcome instanceof ConfigOutcome.Ready ready && ready.oem().layout().suffix().equals(suffix)) {
            return new Resolution.Found(TftpFile.of(archives.of(ready)));
        }
        if (outcome instanceof ConfigOutcome.Broken broken) {
            return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "the config does not render: " + broken.summary());
        }
        return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "no archive " + MacAddress.parse(mac).map(m -> "for " + m).orElse(""));
    }

    /** Only configs name the server, so only they pay for finding the address the client reached. */
    private URI base(InetSocketAddress client, InetSocketAddress local) {
        return baseUrl.apply(reachedOn(local, client));
    }

    /**
     * The address the client reached the server on: the bound one, or under a wildcard bind the one the kernel
     * would answer the client from (connecting a UDP socket sends nothing).
     */
    static InetSocketAddress reachedOn(InetSocketAddress local, InetSocketAddress client) {
        if (!local.getAddress().isAnyLocalAddress()) {
            return local;
        }
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(client);
            return new InetSocketAddress(((InetSocketAddress) probe.getLocalAddress()).getAddress(), local.getPort());
        } catch (IOException e) {
            return local;
        }
    }

    private static Optional<Resolution> file(Path root, String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath()) || !Files.isReadable(real)) {
                return Optional.of(new Resolution.Refused(TftpPacket.ACCESS_VIOLATION, "access violation"));
            }
            return Optional.of(new Resolution.Found(TftpFile.open(real)));
        } catch (IOException e) {
            return Optional.of(new Resolution.Refused(TftpPacket.NOT_DEFINED, "cannot read the file"));
        }
    }

    private static Optional<String> badName(String name) {
        if (name.isEmpty()) {
            return Optional.of("no file name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c > 0x7e) {
                return Optional.of("file names are printable ASCII without backslashes");
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("file names have no empty, '.' or '..' segments");
            }
        }
        return Optional.empty();
    }
}
