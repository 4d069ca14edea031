package dev.provisioner.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary YAML never crashes the transpiler: each of thousands of mutations of the corpus (seeded, so a
 * failure can be replayed) yields JSON or at least one error, and nothing is thrown.
 */
class FuzzTest {

    private static final String ALPHABET = " \n\t:-[]{}\"'&*!|>#%@`,?0123456789abcdefxyz_/.\u00e9\u4e16";

    @Test
    void mutatedConfigsGiveOutputOrDiagnosticsNeverAnException() throws Exception {
        List<String> seeds;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/corpus/good"))) {
            seeds = files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        Random random = new Random(20261122L);
        int withOutput = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && text.length() > 0; m++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            String input = text.toString();
            Transpiler.Result result = Transpiler.transpile(input, Transpiler.Options.defaults());
            boolean errors = result.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
            assertThat(result.json().isPresent()).as("case %d:%n%s", i, input).isNotEqualTo(errors);
            int index = i;
            result.diagnostics().forEach(d -> assertThat(d.line()).as("case %d: %s", index, d).isPositive());
            if (result.json().isPresent()) {
                withOutput++;
            }
        }
        // the mutations must exercise both paths, or the test proves little
        assertThat(withOutput).isBetween(200, 4800);
    }

    @Test
    void hostileDocumentsAreRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        assertRefused(bomb.toString(), "aliases");
        assertRefused("a: " + "[".repeat(500) + "]".repeat(500) + "\n", "depth");
        assertRefused("a: b\n" + "#".repeat(5 * 1024 * 1024), "larger than");
    }

    private static void assertRefused(String yaml, String reason) {
        long start = System.nanoTime();
        Transpiler.Result result = Transpiler.transpile(yaml, Transpiler.Options.defaults());
        assertThat(result.json()).isEmpty();
        assertThat(result.diagnostics()).anySatisfy(d -> assertThat(d.message()).containsIgnoringCase(reason));
        assertThat(System.nanoTime() - start).as("refused within a second").isLessThan(1_000_000_000L);
    }
}
