package io.flowmatch.core.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The plumbing of every recipe's text form ({@code toMap()} / {@code fromMap(Map)}), the same for
 * each kind of flow: single-line values, hidden widths, booleans, the {@code model} entry, the
 * check for unknown keys, and errors that name the key and the value that cannot be read.
 */
public final class RecipeText {

    private RecipeText() {
    }

    /** {@code text} with its line breaks replaced by spaces: every value of a text form is one line. */
    public static String singleLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** Hidden widths as {@code 64,64,64}. */
    public static String joinWidths(List<Integer> widths) {
        StringBuilder sb = new StringBuilder();
        for (int w : widths) {
            sb.append(sb.length() > 0 ? "," : "").append(w);
        }
        return sb.toString();
    }

    /**
     * Hidden widths from {@code 64,64,64}: each a whole number in [1, 65536], at most 1024 of them.
     *
     * @throws IllegalArgumentException naming the width that is not a whole number or out of range
     */
    public static int[] parseWidths(String text) {
        String[] parts = text.split(",");
        if (parts.length > 1024) {
            throw new IllegalArgumentException("too many hidden layers: " + parts.length);
        }
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int w;
            try {
                w = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hidden width '" + parts[i].trim() + "' is not a whole number", e);
            }
            if (w < 1 || w > 1 << 16) {
                throw new IllegalArgumentException("hidden width out of range: " + w);
            }
            widths[i] = w;
        }
        return widths;
    }

    /**
     * {@code true} or {@code false}, in any case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static boolean parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("expected true or false");
        }
    }

    /**
     * Reads the {@code model} entry of a recipe whose network is an MLP by default: {@code mlpName}
     * (no arguments), or, where {@code customAllowed}, {@code custom(...)} naming a network the
     * caller made.
     *
     * @return the custom network's description, or null for the MLP
     * @throws IllegalArgumentException for any other model
     */
    public static String customModel(String text, String mlpName, boolean customAllowed) {
        SpecText spec = SpecText.parse(text, "model");
        String t = text.trim();
        if (customAllowed && spec.name().equals("custom")) {
            return t.substring("custom(".length(), t.length() - 1);
        }
        if (!spec.name().equals(mlpName) || spec.arity() > 0) {
            throw new IllegalArgumentException("unknown model (expected " + mlpName
                    + (customAllowed ? " or custom(...))" : ")"));
        }
        return null;
    }

    /**
     * Checks that every key of {@code map} is among the {@code known} ones.
     *
     * @param what  the kind of recipe, for the message ({@code "recipe"}, {@code "discrete recipe"})
     * @param known the known keys, in groups listed in this order by the message
     * @throws IllegalArgumentException if {@code map} is null, or naming the unknown keys and
     *                                  listing the known ones
     */
    @SafeVarargs
    public static void requireKnownKeys(Map<String, String> map, String what, List<String>... known) {
        if (map == null) {
            throw new IllegalArgumentException("recipe map must not be null");
        }
        Set<String> unknown = new LinkedHashSet<>(map.keySet());
        StringBuilder listed = new StringBuilder();
        for (int i = 0; i < known.length; i++) {
            unknown.removeAll(known[i]);
            listed.append(i == 0 ? "" : i == known.length - 1 ? " and " : ", ").append(known[i]);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + " key" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; known keys are " + listed);
        }
    }

    /**
     * Hands the value of each of {@code keys} that {@code map} holds, in the order of {@code keys},
     * to {@code reader}; an {@link IllegalArgumentException} it throws comes back naming the key and
     * the value ({@code bad recipe hidden '64,x': ...}).
     *
     * @param what the kind of recipe, for the message ({@code "recipe"}, {@code "discrete recipe"})
     */
    public static void read(Map<String, String> map, List<String> keys, String what, BiConsumer<String, String> reader) {
        for (String key : keys) {
            String value = map.get(key);
            if (value != null) {
                read(what, key, value, v -> {
                    reader.accept(key, v);
                    return null;
                });
            }
        }
    }

    /**
     * {@code parser} applied to the {@code value} of {@code key}; an {@link IllegalArgumentException}
     * it throws comes back naming the key and the value ({@code bad image recipe model '...': ...}).
     *
     * @param what the kind of recipe, for the message ({@code "image recipe"})
     */
    public static <T> T read(String what, String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + what + " " + key + " '" + value + "': " + e.getMessage(), e);
        }
    }
}
