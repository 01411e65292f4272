package dev.parley.schemas.session;

/** IDENTIFY's {@code properties}: what the client runs on. Any field may be null. */
public record ClientProperties(String os, String browser, String device) {

    /** Discord's {@code client_status} key for this client: {@code mobile}, {@code web} or {@code desktop}. */
    public String platform() {
        String b = browser == null ? "" : browser.toLowerCase(java.util.Locale.ROOT);
        String d = device == null ? "" : device.toLowerCase(java.util.Locale.ROOT);
        if (b.contains("mobile") || b.contains("android") || b.contains("ios") || d.contains("mobile")) return "mobile";
        if (b.contains("web") || b.contains("chrome") || b.contains("firefox") || b.contains("safari")) return "web";
        return "desktop";
    }
}
