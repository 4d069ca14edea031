package dev.provisioner.server.core;

import java.net.URI;

/** The first file a firmware is told to load: a TFTP name on this server, or an HTTP URL. */
public sealed interface FirstFile {

    /** What goes into the DHCP answer's file field and option 67: the TFTP name or the URL. */
    String location();

    record Tftp(String name) implements FirstFile {
        @Override
        public String location() {
            return name;
        }
    }

    record Http(URI url) implements FirstFile {
        @Override
        public String location() {
            return url.toString();
        }
    }
}
