package dev.provisioner.server.cli;

import dev.provisioner.server.auth.OperatorTokens;
import dev.provisioner.server.auth.Role;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code hash-token NAME ROLE}: reads a token on standard input (so it stays out of the shell's history and the
 * process list) and prints its line for {@code PROVISIONER_API_TOKENS_FILE}; the file holds no token, only its hash.
 */
public class HashTokenCommand extends ConciseCommand {

    private static final int MIN_TOKEN = 16;

    public HashTokenCommand() {
        super("hash-token", "Prints the PROVISIONER_API_TOKENS_FILE line of a token read on standard input");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("name").help("who holds the token: the name in the audit log");
        subparser.addArgument("role").choices(Role.READ_NAME, Role.ADMIN_NAME).help("read (GETs) or admin (writes too)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws IOException {
        String token = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_TOKEN || token.chars().anyMatch(Character::isWhitespace)) {
            throw new StartupFailure("hash-token: a token is at least " + MIN_TOKEN + " characters without white space "
                    + "(for example: openssl rand -hex 32)");
        }
        String line = OperatorTokens.line(namespace.getString("name"), Role.of(namespace.getString("role")).orElseThrow(), token);
        // checked as the server will read it, so a bad name fails here rather than at the server's start
        try {
            OperatorTokens.parse(line);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure("hash-token: " + e.getMessage());
        }
        System.out.println(line);
    }
}
