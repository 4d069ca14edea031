package dev.provisioner.server.core;

import java.util.Objects;

/**
 * How a machine's config is packed into the initrd it boots with: Flatcar's {@code usr/share/oem/<file>} in a
 * gzipped cpio, or Fedora CoreOS's {@code config.ign} at the archive root in an xz cpio.
 */
public record OemFormat(Layout layout, String fileName) {

    public enum Layout {
        FLATCAR(".cpio.gz"),
        FCOS(".cpio.xz");

        private final String suffix;

        Layout(String suffix) {
            this.suffix = suffix;
        }

        /** The archive's file-name suffix, which says its compression. */
        public String suffix() {
            return suffix;
        }
    }

    public static final OemFormat FLATCAR = new OemFormat(Layout.FLATCAR, "config.ign");
    public static final OemFormat FCOS = new OemFormat(Layout.FCOS, "config.ign");

    public OemFormat {
        Objects.requireNonNull(layout, "layout");
        if (fileName == null || !fileName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
    }
}
