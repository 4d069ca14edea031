package dev.provisioner.server.core.trust;

import java.util.List;

/** What a machine that presented its enrollment credential gets. */
public sealed interface EnrollOutcome {

    /** The join token of the machine's role and the managers to try. The token is a secret: not in toString. */
    record Granted(String token, List<String> managers) implements EnrollOutcome {

        public Granted {
            managers = List.copyOf(managers);
        }

        @Override
        public String toString() {
            return "Granted[managers=" + managers + ", token hidden]";
        }
    }

    /** Unknown, forged, expired, spent or conflicted: no token, ever. */
    record Refused(String reason) implements EnrollOutcome {
    }

    /** The swarm cannot be read now; the credential is not spent, so the machine may try again. */
    record Unavailable(String reason) implements EnrollOutcome {
    }
}
