package dev.provisioner.server.render;

import dev.provisioner.server.core.LocalBoot;
import dev.provisioner.server.core.BootLoader;
import dev.provisioner.server.core.BootPlan;
import dev.provisioner.server.core.FirmwareClient;
import dev.provisioner.server.core.FirstFile;
import dev.provisioner.server.core.UnsupportedFirmwareException;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.timeline.ArtifactKind;
import java.net.URI;
import java.util.Optional;

/**
 * The DHCP answer: the first file for the asking firmware, per the table in the README. Whatever the machine's
 * state, a firmware that can run iPXE gets iPXE: a machine that cannot boot now is told why by its boot script, on
 * its console, which DHCP cannot do. Empty means no answer at all: an unknown machine when only registered ones are
 * answered, or a firmware this server has nothing for (then {@link #boot} throws {@link UnsupportedFirmwareException},
 * so that the event says refused, with why, rather than served).
 */
public final class FirstFiles implements BootLoader<Optional<FirstFile>> {

    private final FirmwareClient client;
    private final MacAddress mac;
    private final Optional<String> armBinary;
    private final boolean answerUnknown;
    private final Optional<String> asked;

    /**
     * @param mac           the asking client's, which names it in its first file's name or URL
     * @param armBinary     the TFTP name of the ARM64 UEFI iPXE build, when there is one (Debian ships none for amd64)
     * @param answerUnknown whether machines that are not registered get a first file too (their script then says so)
     * @param asked         what the request said, for the event: vendor class, relay, requested address
     */
    public FirstFiles(FirmwareClient client, MacAddress mac, Optional<String> armBinary, boolean answerUnknown,
                      Optional<String> asked) {
        this.client = client;
        this.mac = mac;
        this.armBinary = armBinary;
        this.answerUnknown = answerUnknown;
        this.asked = asked;
    }

    @Override
    public Optional<String> asked() {
        return asked;
    }

    @Override
    public ArtifactKind kind() {
        return ArtifactKind.DHCP_BOOT_FILE;
    }

    @Override
    public Optional<FirstFile> boot(BootPlan plan, URI base) {
        Optional<FirstFile> first = firstFile(plan.profile().efiLoader(), base);
        if (first.isEmpty()) {
            throw new UnsupportedFirmwareException("no first file for firmware architecture " + client.architecture()
                    + (client.kind() == FirmwareClient.Kind.UEFI_ARM ? " (set PROVISIONER_DHCP_ARM_BINARY)" : ""));
        }
        return first;
    }

    @Override
    public Optional<FirstFile> refusal(String reason, URI base) {
        return firstFile(DEFAULT_EFI, base);
    }

    @Override
    public Optional<FirstFile> plainRefusal(String reason, URI base) {
        return firstFile(DEFAULT_EFI, base);
    }

    /** iPXE, whose script then sends the machine to its disk: DHCP has no way to say "boot your disk". */
    @Override
    public Optional<FirstFile> local(LocalBoot how, String who, URI base) {
        return firstFile(DEFAULT_EFI, base);
    }

    @Override
    public Optional<FirstFile> unknown(String reason, URI base) {
        return answerUnknown ? firstFile(DEFAULT_EFI, base) : Optional.empty();
    }

    private static final String DEFAULT_EFI = "ipxe.efi";

    private FirstFile tftp(String name) {
        return new FirstFile.Tftp(MachineLinks.firstFileName(name, mac));
    }

    private Optional<FirstFile> firstFile(String efiLoader, URI base) {
        return switch (client.kind()) {
            case IPXE -> Optional.of(new FirstFile.Http(base.resolve("boot.ipxe")));
            case BIOS -> Optional.of(tftp("undionly.kpxe"));
            case UEFI_X86 -> Optional.of(tftp(efiLoader));
            case UEFI_ARM -> armBinary.map(this::tftp);
            // ipxe.efi whatever the profile says: the build booted through OVMF's HTTP boot (ProxyDhcpBootIT)
            case UEFI_HTTP -> Optional.of(new FirstFile.Http(MachineLinks.firstFile(DEFAULT_EFI, Optional.of(mac), base)));
            case OTHER -> Optional.empty();
        };
    }
}
