package io.flowmatch.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text form every plug-in part describes itself in: {@code name}, {@code name(a, b)},
 * {@code name(key=value, key=value)} or a mix, arguments possibly nested
 * ({@code warmup(100, cosine(min=0.0))}), and the command line's short form
 * {@code name:a,b}. Parses it into a name, positional arguments and named arguments, so that
 * each factory's {@code parse} reads its own descriptions back.
 *
 * @param text       the text as given
 * @param name       the lower-case name before the arguments
 * @param positional arguments without a key, in order
 * @param named      arguments with a key, in order
 */
public record SpecText(String text, String name, List<String> positional, Map<String, String> named) {

    /**
     * Parses {@code text}.
     *
     * @param what what the text names, for messages (e.g. "probability path")
     * @throws IllegalArgumentException for empty text or unbalanced parentheses
     */
    public static SpecText parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String s = text.trim();
        int open = s.indexOf('(');
        int colon = s.indexOf(':');
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        String name;
        if (open >= 0 && (colon < 0 || open < colon)) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("bad " + what + " '" + text + "': missing ')'");
            }
            name = s.substring(0, open).trim();
            for (String arg : splitTopLevel(s.substring(open + 1, s.length() - 1), text, what)) {
                int eq = arg.indexOf('=');
                int paren = arg.indexOf('(');
                if (eq > 0 && (paren < 0 || eq < paren)) {
                    named.put(arg.substring(0, eq).trim().toLowerCase(Locale.ROOT), arg.substring(eq + 1).trim());
                } else {
                    positional.add(arg);
                }
            }
        } else if (colon >= 0) {
            name = s.substring(0, colon).trim();
            for (String arg : s.substring(colon + 1).split(",", -1)) {
                positional.add(arg.trim());
            }
        } else {
            name = s;
        }
        return new SpecText(text, name.toLowerCase(Locale.ROOT), Collections.unmodifiableList(positional),
                Collections.unmodifiableMap(named));
    }

    private static List<String> splitTopLevel(String inner, String text, String what) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("bad " + what + " '" + text + "': unbalanced parentheses");
                }
            } else if (c == ',' && depth == 0) {
                parts.add(inner.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("bad " + what + " '" + text + "': unbalanced parentheses");
        }
        String last = inner.substring(start).trim();
        if (!last.isEmpty() || !parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /** Number of arguments, positional and named. */
    public int arity() {
        return positional.size() + named.size();
    }

    /**
     * The argument called {@code key}, or else the positional argument at {@code index}, as a
     * double; {@code fallback} when neither is there.
     *
     * @throws IllegalArgumentException naming the text if the argument is not a number
     */
    public double number(String key, int index, double fallback) {
        String v = argument(key, index);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + v + "' in '" + text + "'", e);
        }
    }

    /** As {@link #number(String, int, double)} but the argument is required. */
    public double number(String key, int index) {
        if (argument(key, index) == null) {
            throw new IllegalArgumentException("'" + text + "' lacks its " + key);
        }
        return number(key, index, Double.NaN);
    }

    /** The argument called {@code key}, or else the positional one at {@code index}, or null. */
    public String argument(String key, int index) {
        String v = named.get(key);
        if (v == null && index >= 0 && index < positional.size()) {
            v = positional.get(index);
        }
        return v;
    }

    /**
     * Checks that no argument is there beyond the named keys (and as many positional ones).
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public SpecText allowOnly(String... keys) {
        List<String> allowed = List.of(keys);
        for (String k : named.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("'" + text + "' has an unknown parameter '" + k
                        + "' (expected " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")");
            }
        }
        if (arity() > keys.length) {
            throw new IllegalArgumentException("'" + text + "' has " + arity() + " parameters, at most "
                    + keys.length + " expected");
        }
        return this;
    }
}
