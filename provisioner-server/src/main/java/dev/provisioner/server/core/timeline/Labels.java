package dev.provisioner.server.core.timeline;

import java.util.Locale;

/** How kinds, transports and outcomes read in logs, the API and the timeline's files: {@code ipxe_script}, {@code tftp}, {@code served}. */
public final class Labels {

    private Labels() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The value a label names; {@link IllegalArgumentException} for one that names none. */
    public static <E extends Enum<E>> E parse(Class<E> type, String label) {
        return Enum.valueOf(type, label.toUpperCase(Locale.ROOT));
    }
}
