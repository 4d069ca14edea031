package dev.provisioner.server.core;

import java.util.List;

/** What a machine's config came to: Ignition JSON ready to serve, or the problems that keep it from being made. */
public sealed interface ConfigOutcome {

    /** {@code warnings}: what the transpiler said of a config it could still make. */
    record Ready(byte[] ignition, OemFormat oem, List<Problem> warnings) implements ConfigOutcome {

        public Ready {
            warnings = List.copyOf(warnings);
        }

        public Ready(byte[] ignition, OemFormat oem) {
            this(ignition, oem, List.of());
        }
    }

    /**
     * {@code external}: the cause is outside the machine's data (the swarm is unreachable, or has no token or manager
     * now) and may go away by itself; otherwise its profile, config or a template is broken until someone edits it.
     */
    record Broken(List<Problem> problems, boolean external) implements ConfigOutcome {

        public Broken {
            problems = List.copyOf(problems);
        }

        public Broken(List<Problem> problems) {
            this(problems, false);
        }

        /** One line for a console or a log. */
        public String summary() {
            return problems.isEmpty() ? "unknown problem" : problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        }
    }

    /** Configs carry secrets: only machines that are registered get theirs. */
    record NotRegistered() implements ConfigOutcome {
    }

    /** The config carries secrets and the request did not prove it belongs to the machine's boot attempt. */
    record Forbidden(String reason) implements ConfigOutcome {
    }

    /** The machine's profile names no config: there is nothing to serve, now or later. */
    record NoConfig() implements ConfigOutcome {
    }

    /** The name asked for is not the one the machine's profile serves (an archive's suffix); {@code expected} is. */
    record WrongName(String expected) implements ConfigOutcome {
    }
}
