package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineRulesTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:00:00:01").orElseThrow();
    private final MachineRules rules = new MachineRules("worker"::equals);

    @ParameterizedTest
    @ValueSource(strings = {"a", "node-1", "node-1.rack-2.example.com", "0abc", "A1"})
    void acceptsRfc1123HostNames(String hostname) {
        rules.check(new Machine(MAC, hostname, "worker", Map.of(), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-node", "node-", "node_1", "no de", "node..x", "node.", "ünïcode",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesOtherHostNames(String hostname) {
        assertThatThrownBy(() -> rules.check(new Machine(MAC, hostname, "worker", Map.of(), Map.of())))
                .isInstanceOfSatisfying(InvalidMachineException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("hostname"));
    }

    @Test
    void refusesHostNamesLongerThan253Characters() {
        String longName = ("a".repeat(63) + ".").repeat(4) + "a";
        assertThat(MachineRules.isHostname(longName.substring(0, 253))).isTrue();
        assertThat(MachineRules.isHostname(longName)).isFalse();
    }

    @Test
    void reportsEveryViolationAtOnce() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("bad key", "x");
        labels.put("nullvalue", null);
        labels.put("long", "v".repeat(MachineRules.MAX_LABEL_VALUE + 1));
        assertThatThrownBy(() -> rules.check(new Machine(MAC, "-x", "missing", labels, Map.of())))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactly("hostname", "labels.bad key", "labels.nullvalue", "labels.long", "profile"));
    }

    @Test
    void requiresAProfile() {
        assertThatThrownBy(() -> rules.check(new Machine(MAC, null, null, Map.of(), Map.of())))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("profile", "is required")));
    }

    @Test
    void boundsTheNumberOfLabels() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i <= MachineRules.MAX_LABELS; i++) {
            labels.put("k" + i, "v");
        }
        assertThatThrownBy(() -> rules.check(new Machine(MAC, null, "worker", labels, Map.of())))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("labels"));
    }

    @Test
    void boundsMetadataSizeAndDepth() {
        Map<String, Object> big = Map.of("blob", "x".repeat(MachineRules.MAX_METADATA_BYTES));
        assertThatThrownBy(() -> rules.check(new Machine(MAC, null, "worker", Map.of(), big)))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("metadata"));
        Map<String, Object> deep = Map.of("v", 1);
        for (int i = 0; i < MachineRules.MAX_METADATA_DEPTH; i++) {
            deep = Map.of("n", deep);
        }
        Map<String, Object> tooDeep = deep;
        assertThatThrownBy(() -> rules.check(new Machine(MAC, null, "worker", Map.of(), tooDeep)))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations().get(0).reason())
                        .contains("nested more than"));
    }
}
