package dev.provisioner.server.core.explain;

import java.time.Instant;
import java.util.Optional;

/**
 * The last commit that changed a file of the data directory's git repository: {@code commit} empty for a file never
 * committed; {@code uncommitted} when the file on disk differs from that commit (or is not in git at all).
 */
public record FileChange(Optional<String> commit, Optional<Instant> time, Optional<String> author,
                         Optional<String> subject, boolean uncommitted) {
}
