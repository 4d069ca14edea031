package dev.provisioner.server.store;

import dev.provisioner.server.core.Problem;

/** A data file that cannot be used, with where and why. */
final class ProblemException extends Exception {

    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.toString(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
