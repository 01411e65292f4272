package dev.parley.gateway.rest;

import dev.parley.schemas.guild.GuildFields;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image fields of REST bodies (a guild's {@code icon}): Discord's image data, a {@code data:image/...;base64,...} URI,
 * or an image hash. Only the hash is stored (there is no CDN to serve the image from): an image becomes the hex MD5 of
 * its bytes, {@code a_} first for a GIF, as Discord names animated images.
 */
final class ImageData {
    private static final Pattern DATA_URI = Pattern.compile("data:image/(png|jpeg|jpg|gif|webp);base64,(.*)", Pattern.DOTALL);

    private ImageData() {
    }

    /**
     * The hash to store for {@code value}: the value itself when it is a hash, the image's hash when it is image data
     * of at most {@code maxBytes}; null stays null.
     *
     * @throws RestSupport.BadField naming {@code field} when the value is neither, or the image is larger
     */
    static String hash(String field, String value, long maxBytes) {
        if (value == null || GuildFields.iconHash(value) == null) return value;
        Matcher data = DATA_URI.matcher(value);
        if (!data.matches()) {
            throw new RestSupport.BadField(field, field + " must be image data (data:image/png;base64,...) or an image hash");
        }
        byte[] image;
        try {
            image = Base64.getMimeDecoder().decode(data.group(2));
        } catch (IllegalArgumentException e) {
            throw new RestSupport.BadField(field, field + " image data is not valid base64");
        }
        if (image.length == 0 || image.length > maxBytes) {
            throw new RestSupport.BadField(field, field + " image must be 1-" + maxBytes
                    + " bytes (gateway.rest.image-max-bytes), got " + image.length);
        }
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
            return "gif".equals(data.group(1)) ? "a_" + hash : hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
