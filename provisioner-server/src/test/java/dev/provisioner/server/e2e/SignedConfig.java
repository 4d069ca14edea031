package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.TestHttp;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A swarm machine's Ignition as the machine gets it: its boot script first, then the URL signed for that boot. */
final class SignedConfig {

    private static final Pattern SIGNED = Pattern.compile("/oem/\\S+\\?(attempt=\\S+) \\|\\| goto failed");

    private SignedConfig() {
    }

    /** What {@code POST /enroll} gives for the one-time credential in the machine's join unit. */
    static HttpResponse<String> enroll(TestHttp from, String config) {
        Matcher credential = Pattern.compile("credential=([A-Za-z0-9._-]+)").matcher(config);
        assertThat(credential.find()).as("an enrollment credential in the config:\n%s", config).isTrue();
        return from.send("POST", "/enroll", "application/x-www-form-urlencoded", "credential=" + credential.group(1));
    }

    static HttpResponse<String> ignition(TestHttp from, String mac) {
        String script = from.get("/ipxe?mac=" + mac).body();
        Matcher signed = SIGNED.matcher(script);
        assertThat(signed.find()).as("a signed archive URL in the boot script:\n%s", script).isTrue();
        return from.get("/ignition?mac=" + mac + "&" + signed.group(1));
    }
}
