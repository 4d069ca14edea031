package dev.provisioner.server.core.timeline;

import java.util.Locale;

/** How kinds, transports and outcomes read in logs and the API: {@code ipxe_script}, {@code tftp}, {@code served}. */
public final class Labels {

    private Labels() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
