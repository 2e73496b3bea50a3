package dev.lethe.model;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to {@code key=value} settings (from {@code --set} or a model file) for building a
 * learner's {@code Options}. Every read is checked; {@link #rejectUnknown()} then refuses any key
 * nobody asked for, so a typo is an error rather than a silently ignored setting.
 */
public final class Settings {

    private final String family;
    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    public Settings(String family, Map<String, String> values) {
        this.family = family;
        this.values = new LinkedHashMap<>(values);
    }

    /** Parses {@code key=value} strings. */
    public static Map<String, String> parse(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new OptionsException("--set expects key=value, got " + LetheException.quote(pair));
            }
            String key = pair.substring(0, eq).trim();
            if (out.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new OptionsException("setting '" + key + "' is given twice");
            }
        }
        return out;
    }

    private String raw(String key) {
        read.add(key);
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public int intValue(String key, int fallback, int min, int max) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new OptionsException(family + " setting '" + key + "': expected an integer, got " + LetheException.quote(v));
        }
        if (x < min || x > max) {
            throw new OptionsException(family + " setting '" + key + "': expected a value in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    public long longValue(String key, long fallback) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new OptionsException(family + " setting '" + key + "': expected an integer, got " + LetheException.quote(v));
        }
    }

    public double doubleValue(String key, double fallback, double min, double max) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new OptionsException(family + " setting '" + key + "': expected a number, got " + LetheException.quote(v));
        }
        if (!(x >= min && x <= max)) {
            throw new OptionsException(family + " setting '" + key + "': expected a value in [" + min + ", " + max + "], got " + v);
        }
        return x;
    }

    public boolean booleanValue(String key, boolean fallback) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new OptionsException(family + " setting '" + key + "': expected true or false, got " + LetheException.quote(v));
        };
    }

    public String choice(String key, String fallback, Set<String> allowed) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v)) {
            throw new OptionsException(family + " setting '" + key + "': expected one of " + allowed + ", got " + LetheException.quote(v));
        }
        return v;
    }

    public String string(String key, String fallback) {
        String v = raw(key);
        return v == null ? fallback : v;
    }

    /** Fails on any setting that was never read. Call after building the options. */
    public void rejectUnknown() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw new OptionsException(family + " has no setting " + LetheException.quote(key) + "; known settings: " + read);
            }
        }
    }
}
