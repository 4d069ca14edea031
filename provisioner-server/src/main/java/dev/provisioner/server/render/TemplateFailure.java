package dev.provisioner.server.render;

/** A template that cannot be loaded or rendered; the message names the template, line and column. */
public class TemplateFailure extends RuntimeException {

    private final String template;
    private final int line;
    private final int column;
    private final String reason;

    public TemplateFailure(String template, int line, int column, String reason, Throwable cause) {
        super(template + (line > 0 ? " line " + line + " column " + column : "") + ": " + reason, cause);
        this.template = template;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String template() {
        return template;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
