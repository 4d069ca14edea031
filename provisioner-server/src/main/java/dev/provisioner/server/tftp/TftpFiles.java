package dev.provisioner.server.tftp;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.links.Requested;
import dev.provisioner.server.core.links.ServerUrls;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.Transfer;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.files.ConfinedFiles;
import dev.provisioner.server.oem.OemArchives;
import dev.provisioner.server.render.PxelinuxConfigs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Translates a TFTP file name into what the core serves: per-machine names ({@code pxelinux.cfg/01-<mac>},
 * {@code oem/<mac>.cpio.gz}, first files and assets with {@code ?mac=}) as {@link MachineLinks} reads them, and otherwise files under
 * the data directory's {@code tftpboot/}, then {@code assets/}; {@code pxelinux.cfg/default}, when no file has that
 * name, from the default profile.
 */
public final class TftpFiles {

    sealed interface Resolution {
        /** {@code sent}: what to record once the whole file is sent, for a file a machine's name asked for. */
        record Found(TftpFile file, Optional<Sent> sent) implements Resolution {
            Found(TftpFile file) {
                this(file, Optional.empty());
            }
        }

        record Refused(int code, String message) implements Resolution {
        }
    }

    /** Records a transfer that ended with its last block acknowledged. */
    interface Sent {
        void sent(long bytes, Duration took);
    }

    private static final String PXELINUX_DEFAULT = "pxelinux.cfg/default";
    private static final Resolution NOT_FOUND = new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "file not found");

    private final ConfinedFiles tftpboot;
    private final ConfinedFiles assets;
    private final BootService boot;
    private final PxelinuxConfigs perMachine;
    private final PxelinuxConfigs fallback;
    private final OemArchives archives;
    private final ServerUrls urls;

    public TftpFiles(Path dataDir, BootService boot, PxelinuxConfigs perMachine, PxelinuxConfigs fallback,
              OemArchives archives, ServerUrls urls) {
        this.tftpboot = new ConfinedFiles(dataDir.resolve("tftpboot"));
        this.assets = new ConfinedFiles(dataDir.resolve("assets"));
        this.boot = boot;
        this.perMachine = perMachine;
        this.fallback = fallback;
        this.archives = archives;
        this.urls = urls;
    }

    /** @param local the address the request came in on (perhaps a wildcard), for the HTTP URLs a config may contain */
    Resolution resolve(String requested, InetSocketAddress client, InetSocketAddress local) {
        String name = requested.startsWith("/") ? requested.substring(1) : requested;
        Optional<String> bad = ConfinedFiles.badName(name);
        if (bad.isPresent()) {
            return new Resolution.Refused(TftpPacket.ACCESS_VIOLATION, bad.get());
        }
        String source = client.getAddress().getHostAddress();
        Optional<Requested> machineName = MachineLinks.parse(name);
        if (machineName.isPresent() && machineName.get() instanceof Requested.PxelinuxConfig config) {
            Optional<String> answer = boot.answer(MachineIdentity.of(config.mac(), source), Transport.TFTP,
                    base(client, local), perMachine);
            if (answer.isPresent()) {
                return found(answer.get());
            }
        } else if (machineName.isPresent() && machineName.get() instanceof Requested.OemArchive archive) {
            return oemArchive(archive, source, base(client, local));
        } else if (machineName.isPresent() && machineName.get() instanceof Requested.Asset asset) {
            // a first file (tftpboot/) or an asset, recorded once it is sent, with its size and duration
            ArtifactKind kind = tftpboot.lookup(asset.path()) instanceof ConfinedFiles.Lookup.Found
                    ? ArtifactKind.DHCP_BOOT_FILE : ArtifactKind.ASSET;
            Resolution file = file(List.of(tftpboot, assets), asset.path());
            if (asset.mac().isEmpty() || !(file instanceof Resolution.Found found)) {
                asset.mac().filter(mac -> file == NOT_FOUND).ifPresent(mac -> boot.fileServed(
                        MachineIdentity.of(mac, source), kind, Transport.TFTP, asset.path(), false, Optional.empty()));
                return file;
            }
            MachineIdentity who = MachineIdentity.of(asset.mac().get(), source);
            return new Resolution.Found(found.file(), Optional.of((bytes, took) -> boot.fileServed(who, kind,
                    Transport.TFTP, asset.path(), true, Optional.of(new Transfer(bytes, took)))));
        }
        Resolution file = file(List.of(tftpboot, assets), name);
        if (file == NOT_FOUND && name.equals(PXELINUX_DEFAULT)) {
            return boot.answerDefault(MachineIdentity.anonymous(source),
                    Transport.TFTP, base(client, local), fallback).flatMap(answer -> answer)
                    .map(TftpFiles::found).orElse(NOT_FOUND);
        }
        return file;
    }

    private Resolution oemArchive(Requested.OemArchive archive, String source, URI base) {
        ConfigOutcome outcome = boot.oemArchive(MachineIdentity.of(archive.mac(), source), archive.layout(),
                archive.proof(), Transport.TFTP, base);
        if (outcome instanceof ConfigOutcome.Ready ready) {
            return new Resolution.Found(TftpFile.of(archives.of(ready)));
        }
        if (outcome instanceof ConfigOutcome.Broken broken) {
            return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "the config does not render: " + broken.summary());
        }
        if (outcome instanceof ConfigOutcome.Forbidden forbidden) {
            return new Resolution.Refused(TftpPacket.ACCESS_VIOLATION, forbidden.reason());
        }
        if (outcome instanceof ConfigOutcome.NoConfig) {
            return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "the machine's profile names no config");
        }
        if (outcome instanceof ConfigOutcome.WrongName wrong) {
            return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "the machine's archive is " + wrong.expected());
        }
        return new Resolution.Refused(TftpPacket.FILE_NOT_FOUND, "no archive for " + archive.mac());
    }

    private static Resolution file(List<ConfinedFiles> roots, String name) {
        for (ConfinedFiles root : roots) {
            ConfinedFiles.Lookup lookup = root.lookup(name);
            if (lookup instanceof ConfinedFiles.Lookup.Found found) {
                try {
                    return new Resolution.Found(TftpFile.open(found.file()));
                } catch (IOException e) {
                    return new Resolution.Refused(TftpPacket.NOT_DEFINED, "cannot read the file");
                }
            }
            if (lookup instanceof ConfinedFiles.Lookup.Refused refused) {
                return new Resolution.Refused(TftpPacket.ACCESS_VIOLATION, refused.reason());
            }
        }
        return NOT_FOUND;
    }

    private static Resolution found(String text) {
        return new Resolution.Found(TftpFile.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Only configs name the server, so only they pay for finding the address the client reached. */
    private URI base(InetSocketAddress client, InetSocketAddress local) {
        return urls.forAddress(reachedOn(local, client));
    }

    /**
     * The address the client reached the server on: the bound one, or under a wildcard bind the one the kernel
     * would answer the client from (connecting a UDP socket sends nothing).
     */
    static InetAddress reachedOn(InetSocketAddress local, InetSocketAddress client) {
        if (!local.getAddress().isAnyLocalAddress()) {
            return local.getAddress();
        }
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(client);
            return ((InetSocketAddress) probe.getLocalAddress()).getAddress();
        } catch (IOException e) {
            return local.getAddress();
        }
    }
}
