package dev.provisioner.server.core;

import java.util.List;
import java.util.Optional;

/** The profiles of the data directory, as last read successfully. */
public interface ProfileCatalog extends Diagnostics {

    Optional<Profile> get(String id);

    /** Every profile, ordered by id. */
    List<Profile> list();

    /** The problem that keeps a profile from loading, when it has no good version to fall back on. */
    Optional<Problem> problemOf(String id);
}
