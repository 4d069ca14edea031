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
        String bounded = value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value;
        return bounded.replaceAll("\\p{Cntrl}", "?").trim();
    }
}
