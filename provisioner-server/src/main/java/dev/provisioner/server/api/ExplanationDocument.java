package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.explain.Explanation;
import dev.provisioner.server.core.explain.FileChange;
import java.time.Instant;
import java.util.List;

/** An explanation as the API shows it: absent values left out, states and roles as the files write them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplanationDocument(String mac, boolean registered, String profile, String because, String state,
                                  String swarmRole, String answer, boolean boots, List<Artifact> artifacts,
                                  String bootScript,
                                  String pxelinuxConfig, Config config) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Artifact(String artifact, String name, String file, Commit commit, String note) {
    }

    /** {@code id} absent for a file never committed; {@code uncommitted} when the file differs from its commit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Commit(String id, Instant time, String author, String subject, boolean uncommitted) {

        static Commit of(FileChange change) {
            return new Commit(change.commit().orElse(null), change.time().orElse(null), change.author().orElse(null),
                    change.subject().orElse(null), change.uncommitted());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(boolean ready, String sha256, Integer bytes, List<Problem> diagnostics) {
    }

    public static ExplanationDocument of(Explanation e) {
        return new ExplanationDocument(e.mac().value(), e.registered(), e.profile().orElse(null), e.because(),
                e.state().label(), e.swarmRole().map(SwarmRole::dockerName).orElse(null), e.answer(), e.boots(),
                e.artifacts().stream().map(a -> new Artifact(a.artifact(), a.name().orElse(null), a.file(),
                        a.change().map(Commit::of).orElse(null), a.note().orElse(null))).toList(),
                e.bootScript().orElse(null), e.pxelinuxConfig().orElse(null),
                e.config().map(c -> new Config(c.ready(), c.sha256().orElse(null), c.bytes().orElse(null),
                        c.problems())).orElse(null));
    }
}
