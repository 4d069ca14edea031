package dev.provisioner.ignition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.provisioner.ignition.read.ButaneReader;
import dev.provisioner.ignition.read.ContainerLinuxConfigReader;
import dev.provisioner.ignition.emit.IgnitionV2Writer;
import dev.provisioner.ignition.emit.IgnitionV3Writer;
import dev.provisioner.ignition.model.Config;
import dev.provisioner.ignition.model.Target;
import dev.provisioner.ignition.model.Unit;
import dev.provisioner.ignition.yaml.YamlDocument;
import dev.provisioner.ignition.yaml.YamlValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Container Linux Config or Butane YAML in; Ignition JSON (2.3.0, or 3.0.0 to 3.4.0) and diagnostics out. */
public final class Transpiler {

    /** Output specs this version writes. */
    public static final Set<String> SPECS = Set.of("2.3.0", "3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0");
    public static final String DEFAULT_SPEC = "3.3.0";

    /**
     * @param spec       the output spec; null: 3.3.0 for a Container Linux Config, and for Butane what its variant and
     *                   version produce (a spec given for Butane must agree with them)
     * @param addedUnits units the caller adds to every config (the provisioner's swarm units); a config that
     *                   declares a unit of the same name is an error, since one of the two would be lost
     */
    public record Options(String spec, boolean strict, Optional<Path> filesDir, boolean pretty, Limits limits,
                          List<Unit> addedUnits) {

        public Options {
            addedUnits = List.copyOf(addedUnits);
        }

        public Options(String spec, boolean strict, Optional<Path> filesDir, boolean pretty, Limits limits) {
            this(spec, strict, filesDir, pretty, limits, List.of());
        }

        public static Options defaults() {
            return new Options(null, false, Optional.empty(), false, Limits.DEFAULT);
        }
    }

    /** The JSON is present exactly when there are no errors (warnings alone do not stop it, unless strict). */
    public record Result(Optional<String> json, List<Diagnostic> diagnostics) {
    }

    private Transpiler() {
    }

    public static Result transpile(byte[] input, Options options) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return transpile(utf8.decode(ByteBuffer.wrap(input)).toString(), options);
        } catch (CharacterCodingException e) {
            Diagnostics diagnostics = new Diagnostics();
            int[] where = positionOfBadByte(input);
            diagnostics.error(where[0], where[1], "", "the input is not valid UTF-8 (byte offset " + where[2] + ")");
            return new Result(Optional.empty(), diagnostics.list());
        }
    }

    public static Result transpile(String input, Options options) {
        Diagnostics diagnostics = new Diagnostics();
        if (options.spec() != null && !SPECS.contains(options.spec())) {
            diagnostics.error(1, 1, "", "output spec " + options.spec() + " is not supported by this version; "
                    + "supported: " + String.join(", ", SPECS.stream().sorted().toList()));
            return new Result(Optional.empty(), diagnostics.list());
        }
        Optional<YamlValue> root = YamlDocument.parse(input, options.limits(), diagnostics);
        if (root.isEmpty()) {
            return new Result(Optional.empty(), diagnostics.list());
        }
        String spec;
        Config config;
        if (root.get().hasKey("variant")) {
            Optional<ButaneReader.Result> butane = new ButaneReader(options.filesDir()).read(root.get());
            if (butane.isEmpty()) {
                return new Result(Optional.empty(), diagnostics.list());
            }
            spec = butane.get().spec();
            if (options.spec() != null && !options.spec().equals(spec)) {
                root.get().error("this Butane config produces Ignition " + spec + "; --spec " + options.spec()
                        + " contradicts its variant and version");
            }
            config = butane.get().config();
        } else {
            spec = options.spec() != null ? options.spec() : DEFAULT_SPEC;
            config = new ContainerLinuxConfigReader(options.filesDir(), new Target(spec)).read(root.get());
        }
        if (!options.addedUnits().isEmpty() && !diagnostics.hasErrors()) {
            config = withAddedUnits(config, options.addedUnits(), root.get());
        }
        List<Diagnostic> found = diagnostics.list();
        boolean failed = diagnostics.hasErrors() || (options.strict() && !found.isEmpty());
        if (failed) {
            return new Result(Optional.empty(), options.strict() ? strict(found) : found);
        }
        ObjectMapper mapper = new ObjectMapper();
        if (options.pretty()) {
            mapper.enable(SerializationFeature.INDENT_OUTPUT);
        }
        try {
            Object json = new Target(spec).major() == 2 ? new IgnitionV2Writer().write(config)
                    : new IgnitionV3Writer(spec).write(config);
            return new Result(Optional.of(mapper.writeValueAsString(json)), found);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static Config withAddedUnits(Config config, List<Unit> added, YamlValue root) {
        Set<String> names = added.stream().map(Unit::name).collect(Collectors.toSet());
        declaredUnitNames(root).stream().filter(name -> names.contains(name.string().orElse("")))
                .forEach(name -> name.error("unit " + name.string().orElse("") + " is added by the provisioner for "
                        + "this profile; remove it from the config (or the swarm role from the profile)"));
        List<Unit> units = new ArrayList<>(config.units());
        units.addAll(added);
        return new Config(config.origin(), config.ignition(), config.disks(), config.raid(), config.luks(),
                config.filesystems(), config.files(), config.directories(), config.links(), units,
                config.networkdUnits(), config.users(), config.groups(), config.kernelArguments());
    }

    /** The {@code name} nodes of {@code systemd.units}, the same path in both dialects. */
    private static List<YamlValue> declaredUnitNames(YamlValue root) {
        return root.at("systemd").flatMap(systemd -> systemd.at("units")).flatMap(YamlValue::sequence)
                .map(units -> units.stream().flatMap(unit -> unit.at("name").stream()).toList())
                .orElse(List.of());
    }

    private static List<Diagnostic> strict(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> new Diagnostic(Diagnostic.Severity.ERROR, d.line(), d.column(), d.path(),
                d.message() + (d.severity() == Diagnostic.Severity.WARNING ? " (an error with --strict)" : ""))).toList();
    }

    /** Line, column (1-based) and byte offset of the first byte that is not UTF-8. */
    private static int[] positionOfBadByte(byte[] input) {
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < input.length) {
            int b = input[i] & 0xff;
            int length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
            if (length == 0 || i + length > input.length || !continuationBytes(input, i + 1, length - 1)) {
                return new int[] {line, i - lineStart + 1, i};
            }
            if (b == '\n') {
                line++;
                lineStart = i + 1;
            }
            i += length;
        }
        return new int[] {line, 1, i};
    }

    private static boolean continuationBytes(byte[] input, int from, int count) {
        for (int k = from; k < from + count; k++) {
            if ((input[k] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }
}
