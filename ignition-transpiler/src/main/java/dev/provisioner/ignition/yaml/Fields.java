package dev.provisioner.ignition.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reading the fields of a mapping: absent and null are the same, required ones are reported where they belong. */
public final class Fields {

    private Fields() {
    }

    public static Optional<YamlValue> present(Map<String, YamlValue> map, String key) {
        YamlValue value = map.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<String> required(YamlValue parent, Map<String, YamlValue> map, String key) {
        Optional<YamlValue> value = present(map, key);
        if (value.isEmpty()) {
            parent.error("'" + key + "' is required");
            return Optional.empty();
        }
        return value.get().string();
    }

    public static String str(Map<String, YamlValue> map, String key) {
        return present(map, key).flatMap(YamlValue::string).orElse(null);
    }

    public static Boolean bool(Map<String, YamlValue> map, String key) {
        return present(map, key).flatMap(YamlValue::bool).orElse(null);
    }

    public static Long integer(Map<String, YamlValue> map, String key) {
        return present(map, key).flatMap(YamlValue::integer).orElse(null);
    }

    public static List<String> strings(Map<String, YamlValue> map, String key) {
        List<String> values = new ArrayList<>();
        present(map, key).flatMap(YamlValue::sequence)
                .ifPresent(items -> items.forEach(item -> item.string().ifPresent(values::add)));
        return values;
    }

    public static <T> void each(Map<String, YamlValue> map, String key, Function<YamlValue, Optional<T>> read, List<T> into) {
        present(map, key).flatMap(YamlValue::sequence)
                .ifPresent(items -> items.forEach(item -> read.apply(item).ifPresent(into::add)));
    }
}
