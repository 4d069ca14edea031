package dev.provisioner.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import dev.provisioner.server.auth.OperatorTokens;
import dev.provisioner.server.auth.Role;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operator tokens with roles (PROVISIONER_API_TOKEN is one admin token; the tokens file adds hashed ones), the admin
 * tasks behind an admin token, and the audit log of every write.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperatorRolesTest {

    private static final String ADMIN = "the-api-token-of-the-tests";
    private static final String READER = "a-read-only-token-for-dashboards";
    private static final String CAROL = "carols-admin-token-from-the-file";
    static final Path DATA = TestData.directory();
    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", ADMIN),
            ConfigOverride.config("apiTokensFile", tokensFile().toString()));

    private static Path tokensFile() {
        try {
            Path file = TestData.temporaryDirectory("operator-tokens").resolve("tokens.txt");
            Files.writeString(file, "# operators\n" + OperatorTokens.line("dashboard", Role.READ, READER) + "\n\n"
                    + OperatorTokens.line("carol", Role.ADMIN, CAROL) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestHttp as(String token) {
        return new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.ofNullable(token));
    }

    private static TestHttp admin(String token) {
        return new TestHttp("http://127.0.0.1:" + APP.getAdminPort(), Optional.ofNullable(token));
    }

    @Test
    void aReadTokenSeesEverythingAndChangesNothing() {
        TestHttp reader = as(READER);
        assertThat(reader.get("/api/v1/machines").statusCode()).isEqualTo(200);
        assertThat(reader.get("/api/v1/profiles").statusCode()).isEqualTo(200);
        assertThat(reader.get("/api/v1/swarm").statusCode()).isEqualTo(200);
        assertThat(reader.get("/api/v1/audit").statusCode()).isEqualTo(200);
        assertThat(reader.get("/ipxe?mac=52:54:00:0a:0a:01").statusCode()).isEqualTo(200);
        assertThat(reader.get("/api/v1/discovered/52:54:00:0a:0a:01").statusCode()).isEqualTo(200);
        assertThat(reader.json("POST", "/api/v1/discovered/52:54:00:0a:0a:01/adopt", "{\"profile\":\"worker\"}")
                .statusCode()).isEqualTo(403);
        String body = "{\"mac\":\"52:54:00:0a:0a:01\",\"hostname\":\"r1\",\"profile\":\"worker\"}";
        HttpResponse<String> refused = reader.json("POST", "/api/v1/machines", body);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestHttp.parse(refused).get("code").asInt()).isEqualTo(403);
        assertThat(reader.json("PUT", "/api/v1/machines/52:54:00:0a:0a:01", body).statusCode()).isEqualTo(403);
        assertThat(reader.send("DELETE", "/api/v1/machines/52:54:00:0a:0a:01", null, null).statusCode()).isEqualTo(403);
        assertThat(as(ADMIN).get("/api/v1/machines/52:54:00:0a:0a:01").statusCode()).isEqualTo(404);
        assertThat(as("not-a-token").get("/api/v1/machines").statusCode()).isEqualTo(401);
    }

    @Test
    void everyWriteIsAuditedUnderTheTokensName() {
        TestHttp carol = as(CAROL);
        assertThat(carol.json("POST", "/api/v1/machines",
                "{\"mac\":\"52:54:00:0a:0b:01\",\"hostname\":\"audited\",\"profile\":\"worker\"}").statusCode()).isEqualTo(201);
        assertThat(as(ADMIN).send("PATCH", "/api/v1/machines/52:54:00:0a:0b:01", "application/merge-patch+json",
                "{\"labels\":{\"rack\":\"r9\"}}").statusCode()).isEqualTo(200);
        assertThat(as(READER).send("POST", "/api/v1/machines/52:54:00:0a:0b:01/arm", null, null).statusCode()).isEqualTo(403);
        HttpResponse<String> armed = carol.send("POST", "/api/v1/machines/52:54:00:0a:0b:01/arm", null, null);
        assertThat(armed.statusCode()).isEqualTo(200);
        assertThat(TestHttp.parse(armed).get("armedUntil").asText()).matches("20\\d\\d-.*Z");
        assertThat(carol.send("DELETE", "/api/v1/machines/52:54:00:0a:0b:01", null, null).statusCode()).isEqualTo(204);
        assertThat(carol.send("POST", "/api/v1/machines/52:54:00:0a:0b:01/arm", null, null).statusCode()).isEqualTo(404);
        JsonNode entries = TestHttp.parse(as(READER).get("/api/v1/audit?limit=1000")).get("entries");
        List<String> mine = new java.util.ArrayList<>();
        entries.forEach(e -> {
            if (e.get("subject").asText().equals("52:54:00:0a:0b:01")) {
                mine.add(e.get("actor").asText() + " " + e.get("action").asText());
            }
        });
        assertThat(mine).containsExactly("carol register", "api-token change", "carol arm", "carol delete");
        assertThat(as(READER).get("/api/v1/audit?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void adminTasksNeedAnAdminToken() {
        String task = "/tasks/log-level?logger=com.github.dockerjava&level=DEBUG";
        HttpResponse<String> anonymous = admin(null).send("POST", task, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("admin operator token");
        assertThat(admin(READER).send("POST", task, null, null).statusCode()).isEqualTo(403);
        assertThat(admin(CAROL).send("POST", "/tasks/log-level?logger=com.github.dockerjava&level=INFO", null, null)
                .statusCode()).isEqualTo(200);
        assertThat(admin(null).get("/healthcheck").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokensFileWithAMistakeNamesItsLineAndNeverQuotesAHash(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("tokens");
        Files.writeString(file, OperatorTokens.line("ok", Role.READ, READER) + "\nbad admin sha256:1234\n");
        assertThatThrownBy(() -> OperatorTokens.of(Optional.empty(), Optional.of(file)))
                .hasMessage(file + ":2: expected '<name> <read|admin> sha256:<64 hex digits>' "
                        + "(java -jar provisioner-server.jar hash-token NAME ROLE prints one)");
        Files.writeString(file, OperatorTokens.line("ok", Role.READ, READER).replace(" read ", " root "));
        assertThatThrownBy(() -> OperatorTokens.of(Optional.empty(), Optional.of(file)))
                .hasMessage(file + ":1: the role is read or admin, not 'root'");
        Files.writeString(file, OperatorTokens.line("ok", Role.READ, READER) + "\n" + OperatorTokens.line("ok", Role.ADMIN, CAROL));
        assertThatThrownBy(() -> OperatorTokens.of(Optional.empty(), Optional.of(file)))
                .hasMessage(file + ":2: the name ok is given twice");
        Files.writeString(file, OperatorTokens.line("api-token", Role.READ, READER));
        assertThatThrownBy(() -> OperatorTokens.of(Optional.empty(), Optional.of(file)))
                .hasMessageStartingWith(file + ":1: the name api-token is PROVISIONER_API_TOKEN's");
    }
}
