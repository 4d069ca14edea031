package dev.provisioner.server.api;

import static dev.provisioner.server.TestHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Explain and a profile's preview, on a data directory inside a git repository (made with JGit, a real repository
 * on disk): each artifact names its file and that file's last commit, and asking changes nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExplainApiTest {

    static final String TOKEN = "explain-token-0123456789";
    static final Path REPOSITORY = repository();
    static final Path DATA = REPOSITORY.resolve("data");
    static String profileCommit;
    static String configCommit;

    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", TOKEN), ConfigOverride.config("refreshInterval", "100ms"));

    private TestHttp api;

    /** The data directory a level down in the repository, as operators keep it beside other things. */
    private static Path repository() {
        try {
            Path repository = TestData.temporaryDirectory("explain-repo");
            Path data = TestData.directory();
            Files.move(data, repository.resolve("data"));
            Path moved = repository.resolve("data");
            Files.createDirectories(moved.resolve("configs"));
            Files.writeString(moved.resolve("profiles/configured.yaml"), """
                    boot:
                      kernel: flatcar/vmlinuz
                      initrds: [flatcar/missing.cpio.gz]
                    config: node.yaml
                    """);
            Files.writeString(moved.resolve("configs/node.yaml"), "passwd:\n  users:\n    - name: core\n");
            Files.writeString(moved.resolve("profiles/bad-config.yaml"), "boot:\n  kernel: flatcar/vmlinuz\nconfig: bad.yaml\n");
            Files.writeString(moved.resolve("configs/bad.yaml"), "storage:\n  files:\n    - path: relative/path\n");
            PersonIdent ops = new PersonIdent("Rack Ops", "ops@example.invalid");
            try (Git git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call()) {
                git.add().addFilepattern("data/assets").addFilepattern("data/profiles").call();
                RevCommit profiles = git.commit().setAuthor(ops).setCommitter(ops).setMessage("Add the profiles").call();
                git.add().addFilepattern("data/configs").call();
                RevCommit configs = git.commit().setAuthor(ops).setCommitter(ops)
                        .setMessage("Configs for the rack\n\nwith a body").call();
                profileCommit = profiles.getId().abbreviate(12).name();
                configCommit = configs.getId().abbreviate(12).name();
            }
            return repository;
        } catch (Exception e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
    }

    @BeforeEach
    void client() {
        api = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of(TOKEN));
    }

    private static JsonNode artifact(JsonNode explanation, String name) {
        for (JsonNode artifact : explanation.get("artifacts")) {
            if (artifact.get("artifact").asText().equals(name)) {
                return artifact;
            }
        }
        throw new AssertionError("no artifact " + name + " in " + explanation);
    }

    @Test
    void eachArtifactNamesItsFileAndThatFilesLastCommit() throws Exception {
        assertThat(api.json("POST", "/api/v1/machines",
                "{\"mac\":\"52:54:00:e1:00:01\",\"hostname\":\"explained\",\"profile\":\"configured\"}").statusCode())
                .isEqualTo(201);
        Files.writeString(DATA.resolve("configs/node.yaml"), "passwd:\n  users:\n    - name: core\n    - name: ops\n");

        JsonNode explained = parse(api.get("/api/v1/machines/52-54-00-e1-00-01/explain"));
        assertThat(explained.get("profile").asText()).isEqualTo("configured");
        assertThat(explained.get("because").asText()).isEqualTo("registered");
        assertThat(explained.get("state").asText()).isEqualTo("provision");
        assertThat(explained.get("answer").asText()).isEqualTo("boots profile configured");
        assertThat(explained.get("boots").asBoolean()).isTrue();

        JsonNode profile = artifact(explained, "profile");
        assertThat(profile.get("file").asText()).isEqualTo("profiles/configured.yaml");
        assertThat(profile.at("/commit/id").asText()).isEqualTo(profileCommit);
        assertThat(profile.at("/commit/subject").asText()).isEqualTo("Add the profiles");
        assertThat(profile.at("/commit/author").asText()).isEqualTo("Rack Ops");
        assertThat(profile.at("/commit/uncommitted").asBoolean()).isFalse();

        JsonNode ignition = artifact(explained, "ignition");
        assertThat(ignition.get("file").asText()).isEqualTo("configs/node.yaml");
        assertThat(ignition.at("/commit/id").asText()).isEqualTo(configCommit);
        assertThat(ignition.at("/commit/subject").asText()).isEqualTo("Configs for the rack");
        assertThat(ignition.at("/commit/uncommitted").asBoolean()).as("edited since").isTrue();
        assertThat(artifact(explained, "oem archive").get("name").asText()).isEqualTo("oem/52-54-00-e1-00-01.cpio.gz");

        JsonNode machine = artifact(explained, "machine");
        assertThat(machine.get("file").asText()).isEqualTo("machines/52-54-00-e1-00-01.yaml");
        assertThat(machine.at("/commit/id").isMissingNode()).as("written by the API, never committed").isTrue();
        assertThat(machine.at("/commit/uncommitted").asBoolean()).isTrue();

        assertThat(artifact(explained, "kernel").get("note").asText()).isEqualTo((1 << 20) + " bytes");
        assertThat(artifact(explained, "kernel").at("/commit/id").asText()).isEqualTo(profileCommit);
        assertThat(artifact(explained, "initrd").get("note").asText()).startsWith("missing");
        assertThat(artifact(explained, "boot script").get("file").asText()).isEqualTo("built in: ipxe/boot.ipxe.ftl");

        assertThat(explained.get("bootScript").asText()).startsWith("#!ipxe")
                .contains("kernel --name vmlinuz", "oem/52-54-00-e1-00-01.cpio.gz", "flatcar.first_boot=1")
                .as("a preview is not a boot: nothing is signed").doesNotContain("sig=");
        assertThat(explained.get("pxelinuxConfig").asText()).contains("KERNEL");
        assertThat(explained.at("/config/ready").asBoolean()).isTrue();
        assertThat(explained.at("/config/sha256").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(explained.toString()).as("the config is summed, not shown").doesNotContain("\"ops\"");

        assertThat(parse(api.get("/api/v1/machines/52-54-00-e1-00-01/events")).get("events"))
                .as("explaining records nothing").isEmpty();
    }

    @Test
    void anUnregisteredMachineIsExplainedAndAProfileIsPreviewedForItBeforeItIsAssigned() {
        JsonNode stray = parse(api.get("/api/v1/machines/52-54-00-e1-00-02/explain"));
        assertThat(stray.get("registered").asBoolean()).isFalse();
        assertThat(stray.get("because").asText()).isEqualTo("not registered and there is no default profile");
        assertThat(stray.has("bootScript")).isFalse();

        JsonNode preview = parse(api.get("/api/v1/profiles/worker/render?mac=52-54-00-e1-00-02"));
        assertThat(preview.get("profile").asText()).isEqualTo("worker");
        assertThat(preview.get("because").asText()).isEqualTo("preview of profile worker as if the machine were registered");
        assertThat(preview.get("bootScript").asText()).contains("assets/flatcar/vmlinuz?mac=52-54-00-e1-00-02");
        assertThat(api.get("/api/v1/machines/52-54-00-e1-00-02").statusCode()).as("nothing registered").isEqualTo(404);

        JsonNode broken = parse(api.get("/api/v1/profiles/bad-config/render?mac=52-54-00-e1-00-02"));
        assertThat(broken.at("/config/ready").asBoolean()).isFalse();
        assertThat(broken.get("boots").asBoolean()).isFalse();
        assertThat(broken.at("/config/diagnostics/0/file").asText()).isEqualTo("configs/bad.yaml");
        assertThat(broken.at("/config/diagnostics/0/line").asInt()).isEqualTo(3);
        assertThat(broken.get("answer").asText()).startsWith("refused: its config cannot be made: configs/bad.yaml:3:");

        assertThat(api.get("/api/v1/profiles/nope/render?mac=52-54-00-e1-00-02").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/profiles/worker/render").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/profiles/worker/render?mac=zz").statusCode()).isEqualTo(400);
    }
}
