package dev.provisioner.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.TimelineContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline in files: the contract, and what a restart, a crash and a flood of strays leave. */
class FileTimelineTest extends TimelineContract {

    private static final MacAddress STRAY = MacAddress.parse("52:54:00:00:00:59").orElseThrow();

    @TempDir
    Path directory;
    private final java.util.Set<MacAddress> registered = new java.util.HashSet<>();

    @Override
    protected Timeline timeline() {
        return new FileTimeline(directory, new TimelineBounds(3, 2), mac -> !mac.equals(STRAY) || registered.contains(mac));
    }

    private Path file(MacAddress mac) {
        return directory.resolve(mac.hyphenated() + ".jsonl");
    }

    @Test
    void aRestartReadsTheEventsBackFromTheMachinesFile() {
        Timeline before = timeline();
        before.record(event(MAC, 1, ArtifactKind.IPXE_SCRIPT));
        before.record(event(MAC, 2, ArtifactKind.ASSET));
        assertThat(timeline().of(MAC)).containsExactly(event(MAC, 1, ArtifactKind.IPXE_SCRIPT),
                event(MAC, 2, ArtifactKind.ASSET));
    }

    @Test
    void aMachineForgottenInMemoryIsReadBackAndGoesOnAppending() throws Exception {
        Timeline timeline = timeline();
        timeline.record(event(MAC, 1, ArtifactKind.IPXE_SCRIPT));
        for (int i = 2; i <= 4; i++) {
            MacAddress other = MacAddress.parse("52:54:00:00:01:0" + i).orElseThrow();
            timeline.record(event(other, i, ArtifactKind.IPXE_SCRIPT));
        }
        timeline.record(event(MAC, 5, ArtifactKind.ASSET));
        assertThat(timeline.of(MAC)).containsExactly(event(MAC, 1, ArtifactKind.IPXE_SCRIPT),
                event(MAC, 5, ArtifactKind.ASSET));
        assertThat(Files.readAllLines(file(MAC))).hasSize(2);
    }

    @Test
    void theFileIsRewrittenWithTheLastEventsOnceItHoldsTwiceTheBound() throws Exception {
        Timeline timeline = timeline();
        for (int i = 0; i < 5; i++) {
            timeline.record(event(MAC, i, ArtifactKind.IPXE_SCRIPT));
        }
        assertThat(Files.readAllLines(file(MAC))).as("appended").hasSize(5);
        timeline.record(event(MAC, 5, ArtifactKind.ASSET));
        assertThat(Files.readAllLines(file(MAC))).as("compacted").hasSize(3);
        for (int i = 6; i < 20; i++) {
            timeline.record(event(MAC, i, ArtifactKind.IPXE_SCRIPT));
        }
        assertThat(Files.readAllLines(file(MAC)).size()).isBetween(3, 5);
        assertThat(timeline().of(MAC)).containsExactly(event(MAC, 17, ArtifactKind.IPXE_SCRIPT),
                event(MAC, 18, ArtifactKind.IPXE_SCRIPT), event(MAC, 19, ArtifactKind.IPXE_SCRIPT));
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndTheRestRead() throws Exception {
        Timeline timeline = timeline();
        timeline.record(event(MAC, 1, ArtifactKind.IPXE_SCRIPT));
        timeline.record(event(MAC, 2, ArtifactKind.ASSET));
        Files.writeString(file(MAC), "{\"time\":\"2026-12-02T10:00:03Z\",\"mac\":\"52:54", StandardOpenOption.APPEND);
        Timeline restarted = timeline();
        assertThat(restarted.of(MAC)).hasSize(2);
        restarted.record(event(MAC, 4, ArtifactKind.ASSET));
        assertThat(timeline().of(MAC)).as("a cut line does not swallow the next").containsExactly(
                event(MAC, 1, ArtifactKind.IPXE_SCRIPT), event(MAC, 2, ArtifactKind.ASSET), event(MAC, 4, ArtifactKind.ASSET));
    }

    @Test
    void aFileThatCannotBeWrittenOrReadNeverFailsTheRecordAndLinesThatAreNotEventsAreDropped() throws Exception {
        Files.createDirectories(file(MAC));
        Timeline timeline = timeline();
        timeline.record(event(MAC, 1, ArtifactKind.IPXE_SCRIPT));
        assertThat(timeline.of(MAC)).as("kept in memory").hasSize(1);
        Files.delete(file(MAC));
        MacAddress other = MacAddress.parse("52:54:00:00:00:58").orElseThrow();
        Files.writeString(file(other), "null\n[1]\n{\"time\":\"2026-12-02T10:00:00Z\"}\n");
        Timeline restarted = timeline();
        assertThat(restarted.of(other)).isEmpty();
        restarted.record(event(other, 2, ArtifactKind.ASSET));
        assertThat(Files.readAllLines(file(other))).as("rewritten without them").hasSize(1);
        assertThat(timeline().of(other)).containsExactly(event(other, 2, ArtifactKind.ASSET));
    }

    @Test
    void machinesThatAreNotRegisteredAreKeptInMemoryOnly() {
        Timeline timeline = timeline();
        timeline.record(event(STRAY, 1, ArtifactKind.IPXE_SCRIPT));
        timeline.record(event(STRAY, 2, ArtifactKind.IPXE_SCRIPT));
        assertThat(timeline.of(STRAY)).hasSize(2);
        assertThat(file(STRAY)).doesNotExist();
        registered.add(STRAY);
        timeline.record(event(STRAY, 3, ArtifactKind.ASSET));
        assertThat(timeline().of(STRAY)).as("once registered, its discovery is written with the rest").containsExactly(
                event(STRAY, 1, ArtifactKind.IPXE_SCRIPT), event(STRAY, 2, ArtifactKind.IPXE_SCRIPT),
                event(STRAY, 3, ArtifactKind.ASSET));
    }
}
