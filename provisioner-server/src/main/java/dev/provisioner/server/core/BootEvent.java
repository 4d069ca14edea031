package dev.provisioner.server.core;

import java.time.Instant;

/** One entry of a machine's boot timeline: what was served to it (or refused), and when. */
public record BootEvent(Instant time, String mac, String uuid, String serial, String arch, String platform,
                        String sourceAddress, String served, String detail) {
}
