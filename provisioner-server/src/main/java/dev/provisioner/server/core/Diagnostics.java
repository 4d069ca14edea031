package dev.provisioner.server.core;

import java.util.List;

/**
 * What a store could not read and is not serving, for operators (the API's {@code problems}, {@code /healthcheck},
 * {@code validate}). A store without such problems has {@link #NONE}.
 */
public interface Diagnostics {

    Diagnostics NONE = List::of;

    /** Ordered by file. */
    List<Problem> problems();
}
