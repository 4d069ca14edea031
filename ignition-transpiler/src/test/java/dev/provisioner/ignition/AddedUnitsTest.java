package dev.provisioner.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.ignition.model.Unit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddedUnitsTest {

    private static final Unit JOIN = new Unit("join.service", true, null, "[Service]\nExecStart=/bin/true\n", List.of());

    private static Transpiler.Result transpile(String yaml, String spec) {
        return Transpiler.transpile(yaml, new Transpiler.Options(spec, false, Optional.empty(), false, Limits.DEFAULT,
                List.of(JOIN)));
    }

    @Test
    void addedUnitsFollowTheConfigsOwnInEverySpec() throws Exception {
        String clc = "systemd:\n  units:\n    - name: app.service\n      enabled: true\n      contents: |\n        [Service]\n        ExecStart=/bin/app\n";
        for (String spec : List.of("2.3.0", "3.0.0", "3.3.0", "3.4.0")) {
            JsonNode units = new ObjectMapper().readTree(transpile(clc, spec).json().orElseThrow()).at("/systemd/units");
            assertThat(units).extracting(u -> u.get("name").asText()).as(spec).containsExactly("app.service", "join.service");
            assertThat(units.get(1).get("contents").asText()).isEqualTo(JOIN.contents());
        }
        String butane = "variant: flatcar\nversion: 1.0.0\n";
        JsonNode units = new ObjectMapper().readTree(transpile(butane, null).json().orElseThrow()).at("/systemd/units");
        assertThat(units).extracting(u -> u.get("name").asText()).containsExactly("join.service");
    }

    @Test
    void aConfigThatDeclaresTheSameUnitIsAnErrorAtItsName() {
        String clc = "systemd:\n  units:\n    - name: other.service\n    - name: join.service\n      mask: true\n";
        Transpiler.Result result = transpile(clc, null);
        assertThat(result.json()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.column()).isEqualTo(13);
            assertThat(d.message()).contains("join.service is added by the provisioner");
        });
    }
}
