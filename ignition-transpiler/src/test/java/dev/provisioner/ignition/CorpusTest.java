package dev.provisioner.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The team's corpus: good inputs with the Ignition 3.3.0 JSON that the standard translation gives (compared
 * as JSON trees), each output also accepted by the real ignition-validate (Debian package "ignition");
 * bad inputs with the exact diagnostics, line and column included.
 */
class CorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Path VALIDATE = Path.of("/usr/bin/ignition-validate");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> good() throws IOException {
        return inputs("good");
    }

    static Stream<Path> bad() throws IOException {
        return inputs("bad");
    }

    private static Stream<Path> inputs(String kind) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(CORPUS.resolve(kind))) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("corpus/" + kind).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void goodInputsGiveTheExpectedValidIgnition(Path input, @TempDir Path work) throws Exception {
        Transpiler.Result result = Transpiler.transpile(Files.readAllBytes(input), Transpiler.Options.defaults());
        // a good input may come with the warnings it must give (deprecated keys), in <name>.txt
        Path warnings = sibling(input, ".txt");
        List<String> expectedWarnings = Files.exists(warnings) ? Files.readAllLines(warnings) : List.of();
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactlyElementsOf(expectedWarnings);
        JsonNode expected = JSON.readTree(sibling(input, ".json").toFile());
        JsonNode actual = JSON.readTree(result.json().orElseThrow());
        assertThat(actual).isEqualTo(expected);

        assertThat(VALIDATE).as("ignition-validate (apt-get install ignition)").exists();
        Path config = work.resolve("config.ign");
        // Debian's ignition-validate knows 3.4.0 only as 3.4.0-experimental (the same schema but for LUKS fields)
        Files.writeString(config, result.json().get().replace("{\"version\":\"3.4.0\"", "{\"version\":\"3.4.0-experimental\""));
        Process validate = new ProcessBuilder(VALIDATE.toString(), config.toString()).redirectErrorStream(true).start();
        String report = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as("ignition-validate said: %s", report).isZero();
        assertThat(report).doesNotContain("error");
    }

    /** ignition-validate reads 3.x only, so spec 2.3.0 output is held to the JSON ct would write for it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void goodInputsGiveTheExpectedSpec2Json(Path input) throws Exception {
        Path expected = sibling(input, ".v2.json");
        if (!Files.exists(expected)) {
            return;
        }
        Transpiler.Options v2 = new Transpiler.Options("2.3.0", false, java.util.Optional.empty(), false, Limits.DEFAULT);
        Transpiler.Result result = Transpiler.transpile(Files.readAllBytes(input), v2);
        assertThat(JSON.readTree(result.json().orElseThrow())).isEqualTo(JSON.readTree(expected.toFile()));
    }

    @Test
    void theSpec2CorpusIsNotEmpty() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve("good"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".v2.json"))).hasSizeGreaterThanOrEqualTo(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badInputsAreReportedWhereTheProblemIs(Path input) throws Exception {
        Transpiler.Result result = Transpiler.transpile(Files.readAllBytes(input), Transpiler.Options.defaults());
        List<String> expected = Files.readAllLines(sibling(input, ".txt"));
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactlyElementsOf(expected);
        boolean onlyWarnings = expected.stream().allMatch(line -> line.startsWith("warning:"));
        assertThat(result.json().isPresent()).isEqualTo(onlyWarnings);
    }

    private static Path sibling(Path input, String extension) {
        String name = input.getFileName().toString();
        return input.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + extension);
    }
}
