package dev.provisioner.server.cli;

import dev.provisioner.ignition.Main;
import io.dropwizard.core.setup.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code transpile}: the ignition-transpiler CLI inside the server jar, with the same options and exit codes. */
public class TranspileCommand extends ConciseCommand {

    public TranspileCommand() {
        super("transpile", "Container Linux Config YAML to Ignition JSON (as ignition-transpiler.jar)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--strict").action(Arguments.storeTrue()).help("warnings are errors");
        subparser.addArgument("--pretty").action(Arguments.storeTrue()).help("indented JSON");
        subparser.addArgument("--spec").help("output Ignition spec (default 3.3.0)");
        subparser.addArgument("--files-dir").dest("filesDir").help("directory that 'local' contents are relative to");
        subparser.addArgument("-o").dest("output").help("output file (default: standard output)");
        subparser.addArgument("input").nargs("?").help("input YAML (default or '-': standard input)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        List<String> args = new ArrayList<>();
        if (namespace.getBoolean("strict")) {
            args.add("--strict");
        }
        if (namespace.getBoolean("pretty")) {
            args.add("--pretty");
        }
        for (String[] option : new String[][] {{"spec", "--spec"}, {"filesDir", "--files-dir"}, {"output", "-o"}}) {
            if (namespace.getString(option[0]) != null) {
                args.add(option[1]);
                args.add(namespace.getString(option[0]));
            }
        }
        if (namespace.getString("input") != null) {
            args.add(namespace.getString("input"));
        }
        int exit = Main.run(args.toArray(String[]::new), System.in::readAllBytes, System.out, System.err);
        if (exit != 0) {
            throw new StartupFailure("transpile: " + (exit == 1 ? "the input is not valid" : "usage error") + " (exit " + exit + ")");
        }
    }
}
