package dev.provisioner.server.core;

import java.util.Optional;

/**
 * What a booting machine tells about itself, whatever the transport: the identify step's result. Only the MAC
 * selects the machine; the rest is recorded so operators can see which box asked. Every field comes from the
 * network: bounded, without control characters, blank as absent.
 */
public record MachineIdentity(Optional<MacAddress> mac, String uuid, String serial, String arch, String platform,
                              String source) {

    private static final int MAX_FIELD = 128;

    public MachineIdentity {
        mac = mac == null ? Optional.empty() : mac;
        uuid = clean(uuid);
        serial = clean(serial);
        arch = clean(arch);
        platform = clean(platform);
        source = clean(source);
    }

    /** A machine that named itself by {@code mac} (any common spelling; invalid means absent), from {@code source}. */
    public static MachineIdentity reported(String mac, String source) {
        return new MachineIdentity(MacAddress.parse(mac), null, null, null, null, source);
    }

    /** An asker that named no machine ({@code pxelinux.cfg/default}, a check run by {@code validate}). */
    public static MachineIdentity anonymous(String source) {
        return new MachineIdentity(Optional.empty(), null, null, null, null, source);
    }

    public static MachineIdentity of(MacAddress mac, String source) {
        return new MachineIdentity(Optional.of(mac), null, null, null, null, source);
    }

    public MachineIdentity withFirmware(String uuid, String serial, String arch, String platform) {
        return new MachineIdentity(mac, uuid, serial, arch, platform, source);
    }

    private static String clean(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int length = Math.min(value.length(), MAX_FIELD);
        StringBuilder clean = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString().trim();
    }
}
