package dev.provisioner.ignition.read;

import dev.provisioner.ignition.yaml.YamlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a generated section (etcd, flannel, locksmith) in the order {@code ct} declares them, which is
 * the order it writes them: each has its YAML key, the name it is written under, and its kind.
 */
final class OptionTable {

    enum Kind { STRING, INT, BOOL }

    record Option(String key, String name, Kind kind) {
    }

    private final List<Option> options;

    private OptionTable(List<Option> options) {
        this.options = List.copyOf(options);
    }

    /** {@code "name:flag:kind"} entries, kind being s, i or b; the flag defaults to the key with '-' for '_'. */
    static OptionTable of(String... specs) {
        List<Option> options = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            String key = parts[0];
            String name = parts.length > 2 && !parts[1].isEmpty() ? parts[1] : key.replace('_', '-');
            char kind = parts[parts.length - 1].charAt(0);
            options.add(new Option(key, name, kind == 'i' ? Kind.INT : kind == 'b' ? Kind.BOOL : Kind.STRING));
        }
        return new OptionTable(options);
    }

    OptionTable plus(String... specs) {
        List<Option> all = new ArrayList<>(options);
        all.addAll(of(specs).options);
        return new OptionTable(all);
    }

    List<String> keys() {
        return options.stream().map(Option::key).toList();
    }

    /**
     * The options that are set, formatted as ct does ({@code format} gets the name and the value; strings are
     * Go-quoted). Every option ct knows is a pointer in its types, so a value given is written even when it is empty,
     * 0 or false ({@code --force-new-cluster=false}); only an absent or null one is left out.
     */
    List<String> format(Map<String, YamlValue> given, String format) {
        List<String> lines = new ArrayList<>();
        for (Option option : options) {
            YamlValue value = given.get(option.key());
            if (value == null || value.isNull()) {
                continue;
            }
            Optional<String> text = switch (option.kind()) {
                case STRING -> value.string().map(GoQuote::quote);
                case INT -> value.integer().map(String::valueOf);
                case BOOL -> value.bool().map(String::valueOf);
            };
            text.ifPresent(t -> lines.add(String.format(format, option.name(), t)));
        }
        return lines;
    }

    Map<String, YamlValue> strings(Map<String, YamlValue> given) {
        Map<String, YamlValue> strings = new LinkedHashMap<>();
        options.stream().filter(o -> o.kind() == Kind.STRING && given.containsKey(o.key()))
                .forEach(o -> strings.put(o.key(), given.get(o.key())));
        return strings;
    }
}
