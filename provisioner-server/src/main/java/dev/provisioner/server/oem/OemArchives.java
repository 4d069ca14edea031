package dev.provisioner.server.oem;

import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.render.ContentCache;
import java.nio.charset.StandardCharsets;

/** Packed archives for ready configs, shared by HTTP and TFTP: packing is the costly part; config and format are its whole input. */
public final class OemArchives {

    private final ContentCache<byte[]> archives = new ContentCache<>(10_000);

    public byte[] of(ConfigOutcome.Ready ready) {
        return archives.get(() -> OemArchive.pack(ready.ignition(), ready.oem()),
                new String(ready.ignition(), StandardCharsets.UTF_8), ready.oem().layout().name(), ready.oem().fileName());
    }
}
