package dev.parley.schemas.user;

import java.util.regex.Pattern;

/** Discord's username rule: 2-32 characters of lower-case letters, digits, {@code _} and {@code .}, no {@code ..}. */
public final class Usernames {
    public static final int MIN = 2;
    public static final int MAX = 32;
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9_.]+");

    private Usernames() {
    }

    /** Null when {@code username} is valid, else a sentence saying what is wrong with it. */
    public static String problem(String username) {
        if (username == null) return "username is required";
        if (username.length() < MIN || username.length() > MAX) {
            return "username must be " + MIN + "-" + MAX + " characters, got " + username.length();
        }
        if (!ALLOWED.matcher(username).matches()) {
            return "username may hold only a-z, 0-9, '_' and '.': '" + username + "'";
        }
        if (username.contains("..")) return "username may not contain '..': '" + username + "'";
        return null;
    }
}
