package dev.parley.schemas.session;

/**
 * A presence activity in Discord's shape.
 *
 * @param type  0 playing, 1 streaming, 2 listening, 3 watching, 4 custom, 5 competing
 * @param state custom status text, or null
 * @param url   stream URL, or null
 */
public record Activity(String name, int type, String state, String url) {
}
