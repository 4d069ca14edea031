package dev.provisioner.server.store;

import dev.provisioner.server.core.explain.FileChange;
import dev.provisioner.server.core.explain.FileHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File history read with JGit from the git repository the data directory is in (it may be the repository's root or
 * a directory inside it), never with a {@code git} process. Each question reads the repository as it is then: a
 * {@code git pull} is seen at once. The repository stays open for the life of the process.
 */
public final class GitFileHistory implements FileHistory {

    private static final Logger LOG = LoggerFactory.getLogger(GitFileHistory.class);

    private final Repository repository;
    private final Path workTree;

    private GitFileHistory(Repository repository) {
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
    }

    /** The history of the repository {@code dataDir} is in; {@link FileHistory#NONE} when it is in none. */
    public static FileHistory of(Path dataDir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dataDir.toFile());
        if (builder.getGitDir() == null) {
            return FileHistory.NONE;
        }
        try {
            Repository repository = builder.build();
            if (repository.isBare()) {
                return FileHistory.NONE;
            }
            LOG.info("data directory {} is in the git repository {}: explain names each file's last commit", dataDir,
                    repository.getWorkTree());
            return new GitFileHistory(repository);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("the git repository around {} cannot be read ({}): explain names no commits", dataDir, e.toString());
            return FileHistory.NONE;
        }
    }

    @Override
    public Optional<FileChange> lastChange(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(workTree) || absolute.equals(workTree)) {
            return Optional.empty();
        }
        // git names files with forward slashes, whatever the platform
        String path = workTree.relativize(absolute).toString().replace('\\', '/');
        try (Git git = new Git(repository); RevWalk walk = new RevWalk(repository)) {
            ObjectId head = repository.resolve(Constants.HEAD);
            Optional<RevCommit> last = Optional.empty();
            if (head != null) {
                // the newest commit whose tree differs from its parents' at the path
                walk.markStart(walk.parseCommit(head));
                walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
                last = Optional.ofNullable(walk.next());
            }
            Status status = git.status().addPath(path).call();
            boolean uncommitted = !status.isClean();
            return Optional.of(new FileChange(last.map(c -> c.getId().abbreviate(12).name()),
                    last.map(c -> c.getAuthorIdent().getWhenAsInstant()), last.map(c -> c.getAuthorIdent().getName()),
                    last.map(RevCommit::getShortMessage), uncommitted));
        } catch (IOException | GitAPIException | RuntimeException e) {
            LOG.warn("the history of {} cannot be read: {}", path, e.toString());
            return Optional.empty();
        }
    }
}
