package dev.provisioner.server.core;

import java.util.Optional;

/**
 * What a booting machine tells about itself, whatever the transport: the identify step's result. Only the MAC
 * selects the machine; the rest is recorded so operators can see which box asked. Every field comes from the
 * network: bounded, without control characters, blank as absent.
 */
public record MachineIdentity(Optional<MacAddress> mac, String uuid, String serial, String arch, String platform,
                              String vendorClass, String source) {

    public MachineIdentity {
        mac = mac == null ? Optional.empty() : mac;
        uuid = Printable.clean(uuid);
        serial = Printable.clean(serial);
        arch = Printable.clean(arch);
        platform = Printable.clean(platform);
        vendorClass = Printable.clean(vendorClass);
        source = Printable.clean(source);
    }

    /** A machine that named itself by {@code mac} (any common spelling; invalid means absent), from {@code source}. */
    public static MachineIdentity reported(String mac, String source) {
        return new MachineIdentity(MacAddress.parse(mac), null, null, null, null, null, source);
    }

    /** An asker that named no machine ({@code pxelinux.cfg/default}, a check run by {@code validate}). */
    public static MachineIdentity anonymous(String source) {
        return new MachineIdentity(Optional.empty(), null, null, null, null, null, source);
    }

    public static MachineIdentity of(MacAddress mac, String source) {
        return new MachineIdentity(Optional.of(mac), null, null, null, null, null, source);
    }

    public MachineIdentity withFirmware(String uuid, String serial, String arch, String platform) {
        return new MachineIdentity(mac, uuid, serial, arch, platform, vendorClass, source);
    }
}
