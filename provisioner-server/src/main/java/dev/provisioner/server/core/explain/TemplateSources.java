package dev.provisioner.server.core.explain;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The templates a machine's answers are rendered from, by name, and where each is on disk: empty for one that only
 * the server's built-in copy provides.
 */
public record TemplateSources(String bootScript, String pxelinuxConfig, List<String> swarmUnits,
                              Function<String, Optional<Path>> fileOf) {
}
