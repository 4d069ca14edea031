package dev.provisioner.ignition.model;

/**
 * RFC 2397 data URLs in percent form, as {@code ct} and Butane write inline contents (both with the dataurl Go
 * package): every byte but RFC 2396's unreserved characters is escaped.
 */
public final class DataUrls {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

    private DataUrls() {
    }

    public static String of(byte[] bytes) {
        StringBuilder url = new StringBuilder(bytes.length + 6).append("data:,");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 128 && UNRESERVED.indexOf(c) >= 0) {
                url.append((char) c);
            } else {
                url.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return url.toString();
    }
}
