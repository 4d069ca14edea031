package dev.provisioner.ignition.model;
import java.util.List;

/** A regular file: its contents (null: none given) and what is appended to it, in order. */
public record File(FsNode node, Integer mode, Contents contents, List<Contents> append) {

    public File {
        append = List.copyOf(append);
    }

    public boolean appends() {
        return !append.isEmpty();
    }
}
