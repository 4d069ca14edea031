package dev.provisioner.server.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a machine in state {@code local} is sent to its own disk: iPXE's {@code exit} hands back to the firmware,
 * which goes on to its next boot device (BIOS and UEFI); {@code sanboot} boots the first BIOS disk (0x80) itself,
 * for firmware whose boot order ends with the network. pxelinux always answers {@code LOCALBOOT 0}.
 */
public enum LocalBoot {
    EXIT,
    SANBOOT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LocalBoot> parse(String text) {
        return Arrays.stream(values()).filter(b -> b.label().equals(text)).findFirst();
    }
}
