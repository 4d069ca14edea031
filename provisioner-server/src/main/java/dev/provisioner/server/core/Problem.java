package dev.provisioner.server.core;

/** Something wrong with a file in the data directory, located as precisely as the parser allows (1-based). */
public record Problem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
