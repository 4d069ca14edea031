package dev.provisioner.server.render;

/** A template that cannot be loaded or rendered; the message names the template, line and column. */
public class TemplateFailure extends RuntimeException {

    public TemplateFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
