package dev.provisioner.ignition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code ignition-transpiler [--strict] [--spec VERSION] [--pretty] [--files-dir DIR] [-o OUT] [IN | -]}:
 * YAML from IN (or stdin) to Ignition JSON on OUT (or stdout), diagnostics on stderr, one per line.
 * Exit codes: 0 success (warnings allowed), 1 invalid input, 2 usage error.
 */
public final class Main {

    public static final String USAGE = "usage: ignition-transpiler [--strict] [--spec VERSION] [--pretty] [--files-dir DIR] "
            + "[--max-size CHARS] [--max-depth N] [--max-aliases N] [-o OUT] [IN | -]";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in::readAllBytes, System.out, System.err));
    }

    /** Runs the CLI and returns its exit code; also what the server's {@code transpile} command calls. */
    public static int run(String[] args, StdinSource stdin, PrintStream out, PrintStream err) {
        boolean strict = false;
        boolean pretty = false;
        String spec = null;
        Optional<Path> filesDir = Optional.empty();
        Optional<Path> output = Optional.empty();
        Optional<String> input = Optional.empty();
        Limits limits = Limits.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--strict" -> strict = true;
                case "--pretty" -> pretty = true;
                case "--max-size", "--max-depth", "--max-aliases" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("[1-9]\\d{0,8}")) {
                        return usage(err, arg + " needs a positive number");
                    }
                    int value = Integer.parseInt(args[++i]);
                    limits = switch (arg) {
                        case "--max-size" -> new Limits(value, limits.maxNestingDepth(), limits.maxAliases());
                        case "--max-depth" -> new Limits(limits.maxDocumentChars(), value, limits.maxAliases());
                        default -> new Limits(limits.maxDocumentChars(), limits.maxNestingDepth(), value);
                    };
                }
                case "--spec", "--files-dir", "-o" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, arg + " needs a value");
                    }
                    String value = args[++i];
                    if (arg.equals("--spec")) {
                        spec = value;
                    } else if (arg.equals("--files-dir")) {
                        filesDir = Optional.of(Path.of(value));
                    } else {
                        output = Optional.of(Path.of(value));
                    }
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        return usage(err, "unknown option " + arg);
                    }
                    if (input.isPresent()) {
                        return usage(err, "only one input file");
                    }
                    input = Optional.of(arg);
                }
            }
        }
        if (spec != null && !Transpiler.SPECS.contains(spec)) {
            return usage(err, "--spec " + spec + " is not supported; supported: "
                    + String.join(", ", Transpiler.SPECS.stream().sorted().toList()));
        }
        byte[] yaml;
        try {
            yaml = input.isEmpty() || input.get().equals("-") ? stdin.read() : Files.readAllBytes(Path.of(input.get()));
        } catch (IOException e) {
            return usage(err, "cannot read " + input.orElse("standard input") + ": " + e.getMessage());
        }
        Transpiler.Result result = Transpiler.transpile(yaml,
                new Transpiler.Options(spec, strict, filesDir, pretty, limits));
        result.diagnostics().forEach(err::println);
        if (result.json().isEmpty()) {
            return 1;
        }
        String json = result.json().get() + "\n";
        if (output.isEmpty()) {
            out.print(json);
            out.flush();
            return 0;
        }
        try {
            Path target = output.get().toAbsolutePath();
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (IOException e) {
            return usage(err, "cannot write " + output.get() + ": " + e.getMessage());
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("ignition-transpiler: " + problem);
        err.println(USAGE);
        return 2;
    }

    /** Standard input, read only when the input is stdin. */
    @FunctionalInterface
    public interface StdinSource {
        byte[] read() throws IOException;
    }
}
