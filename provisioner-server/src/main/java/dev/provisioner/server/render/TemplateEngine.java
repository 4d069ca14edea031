package dev.provisioner.server.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Freemarker, set up for boot scripts and configs: square-bracket tags and interpolations
 * ({@code [#if x]}, {@code [=name]}), so that iPXE's {@code ${mac}}, shell's {@code ${HOME}} and
 * systemd's {@code %i} pass through untouched. Templates come from a directory on disk when given
 * (edited without a rebuild), falling back to the copies embedded in the jar.
 */
public final class TemplateEngine {

    private final Configuration configuration;
    private final Optional<Path> directory;

    /** Boot scripts and swarm units: a directory on disk (rechecked every few seconds) over the built-in copies. */
    public static TemplateEngine withBuiltIns(Optional<Path> overrides) {
        return new TemplateEngine(overrides, true, 5000);
    }

    /** Config templates of the data directory: files only, rechecked at every render so an edit is never stale. */
    public static TemplateEngine forConfigs(Path directory) {
        return new TemplateEngine(Optional.of(directory), false, 0);
    }

    private TemplateEngine(Optional<Path> directory, boolean builtIns, long updateDelayMillis) {
        this.directory = directory;
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setTemplateUpdateDelayMilliseconds(updateDelayMillis);
        // operators' templates are never localized: without this, every render probes name_en_US, name_en first
        configuration.setLocalizedLookup(false);
        configuration.setTagSyntax(Configuration.SQUARE_BRACKET_TAG_SYNTAX);
        configuration.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (directory.isPresent() && Files.isDirectory(directory.get())) {
            try {
                loaders.add(new FileTemplateLoader(directory.get().toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (builtIns) {
            loaders.add(new ClassTemplateLoader(TemplateEngine.class, "/templates"));
        }
        configuration.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
    }

    /** The file on disk a template comes from; empty for one that only the built-in copy provides. */
    public Optional<Path> fileOf(String name) {
        return directory.map(d -> d.resolve(name)).filter(Files::isRegularFile);
    }

    /** Renders a template; a template error is a bug in the template, reported with its name and line. */
    public String render(String name, Map<String, Object> model) {
        try {
            Template template = configuration.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new TemplateFailure(name, e.getLineNumber() == null ? 0 : e.getLineNumber(),
                    e.getColumnNumber() == null ? 0 : e.getColumnNumber(), essentials(e.getMessageWithoutStackTop()), e);
        } catch (IOException e) {
            throw new TemplateFailure(name, 0, 0, e.getMessage(), e);
        }
    }

    /**
     * Freemarker's message on one line, without its tips and its own "[in template ...]" (the failure carries the
     * template, line and column): it goes to a machine's console and into one-line diagnostics.
     */
    static String essentials(String message) {
        int tips = message.indexOf("\n----");
        String head = tips < 0 ? message : message.substring(0, tips);
        return head.replaceAll("\\s*\\[in template \"[^\"]*\" at line \\d+, column \\d+]", "")
                .replaceAll("\\s+", " ").strip();
    }
}
