package dev.provisioner.server.core;

import java.util.Optional;

/**
 * What a booting machine tells about itself, whatever the transport: the identify step's result.
 * Only the MAC selects the machine; the rest is recorded so operators can see which box asked.
 */
public record MachineKey(Optional<MacAddress> mac, String uuid, String serial, String arch, String platform,
                         String sourceAddress) {

    private static final int MAX_FIELD = 128;

    /** From untrusted request fields: bounded, without control characters, blank as absent. */
    public static MachineKey reported(String mac, String uuid, String serial, String arch, String platform,
                                      String sourceAddress) {
        return new MachineKey(MacAddress.parse(mac), clean(uuid), clean(serial), clean(arch), clean(platform),
                clean(sourceAddress));
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
