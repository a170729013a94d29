package io.flowmatch.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 2), }}, parsed by a small
 * recursive-descent parser of Python literals (dicts, tuples, lists, strings in single or double
 * quotes, integers with an optional Python 2 {@code L} suffix, True, False, None). Key order,
 * spacing, trailing commas and extra keys do not matter.
 *
 * @param descr        the dtype string, e.g. {@code "<f4"}; null if {@code descr} is not a string
 *                     (a structured dtype), see {@link #descrText}
 * @param descrText    {@code descr} as written, for messages
 * @param fortranOrder whether the data are in Fortran (column-major) order
 * @param shape        the array's dimensions, each at least 0
 */
record NpyHeader(String descr, String descrText, boolean fortranOrder, long[] shape) {

    /** Deeper nesting than this is not a dtype anyone writes; it bounds the parser's recursion. */
    private static final int MAX_DEPTH = 16;

    /**
     * Parses {@code text}, the header of the file {@code name}.
     *
     * @throws DataFormatException if it is not a dict literal with the keys {@code descr}
     *                             (string or structured), {@code fortran_order} (bool) and
     *                             {@code shape} (tuple of non-negative ints)
     */
    static NpyHeader parse(String text, String name) {
        Parser parser = new Parser(text, name);
        Object value = parser.value(0);
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the header dict");
        }
        if (!(value instanceof Map<?, ?> dict)) {
            throw new DataFormatException(name + ": malformed .npy header: not a dict: " + text.strip());
        }
        for (String key : new String[] {"descr", "fortran_order", "shape"}) {
            if (!dict.containsKey(key)) {
                throw new DataFormatException(name + ": malformed .npy header: no '" + key + "' key in " + text.strip());
            }
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new DataFormatException(name + ": malformed .npy header: 'fortran_order' is " + repr(fortran)
                    + ", expected True or False");
        }
        Object shape = dict.get("shape");
        if (!(shape instanceof List<?> dims)) {
            throw new DataFormatException(name + ": malformed .npy header: 'shape' is " + repr(shape)
                    + ", expected a tuple of integers");
        }
        long[] sizes = new long[dims.size()];
        for (int i = 0; i < sizes.length; i++) {
            if (!(dims.get(i) instanceof Long size) || size < 0) {
                throw new DataFormatException(name + ": malformed .npy header: 'shape' is " + repr(shape)
                        + ", expected a tuple of non-negative integers");
            }
            sizes[i] = size;
        }
        return new NpyHeader(descr instanceof String s ? s : null, repr(descr), (Boolean) fortran, sizes);
    }

    /** The shape as Python writes it, e.g. {@code (3, 2)} or {@code (5,)}. */
    String shapeText() {
        return repr(toList(shape));
    }

    private static List<Object> toList(long[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    /** A Python-like rendering of a parsed value, for messages. */
    static String repr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(list.get(i)));
            }
            return sb.append(list.size() == 1 ? ",)" : ")").toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(v)));
            return sb.append('}').toString();
        }
        return String.valueOf(value);
    }

    /** Recursive descent over one header string. */
    private static final class Parser {
        private final String text;
        private final String name;
        private int pos;

        Parser(String text, String name) {
            this.text = text;
            this.name = name;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        DataFormatException error(String problem) {
            return new DataFormatException(name + ": malformed .npy header at character " + pos + ": " + problem
                    + " in " + text.strip());
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " levels deep");
            }
            skipSpace();
            if (atEnd()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return dict(depth);
                case '(':
                    return sequence(')', depth);
                case '[':
                    return sequence(']', depth);
                case '\'':
                case '"':
                    return string(c);
                default:
                    if (c == '-' || c == '+' || c >= '0' && c <= '9') {
                        return integer();
                    }
                    return word();
            }
        }

        private Map<String, Object> dict(int depth) {
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (!atEnd() && text.charAt(pos) == '}') {
                    pos++;
                    return map;
                }
                Object key = value(depth + 1);
                if (!(key instanceof String k)) {
                    throw error("dict key " + repr(key) + " is not a string");
                }
                expect(':');
                map.put(k, value(depth + 1));
                if (!comma('}')) {
                    return map;
                }
            }
        }

        private List<Object> sequence(char close, int depth) {
            pos++; // '(' or '['
            List<Object> list = new ArrayList<>();
            while (true) {
                skipSpace();
                if (!atEnd() && text.charAt(pos) == close) {
                    pos++;
                    return list;
                }
                list.add(value(depth + 1));
                if (!comma(close)) {
                    return list;
                }
            }
        }

        /** After an element: consumes a comma (true: more may follow) or the closing bracket (false). */
        private boolean comma(char close) {
            skipSpace();
            if (atEnd()) {
                throw error("expected ',' or '" + close + "' but the header ends");
            }
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
                return true;
            }
            if (c == close) {
                pos++;
                return false;
            }
            throw error("expected ',' or '" + close + "' but found '" + c + "'");
        }

        private void expect(char c) {
            skipSpace();
            if (atEnd() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private String string(char quote) {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == quote) {
                    return sb.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                sb.append(c);
            }
            throw error("unterminated string");
        }

        private Long integer() {
            int start = pos;
            if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
                pos++;
            }
            int digitsStart = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digitsStart) {
                throw error("expected a number");
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
                pos++; // Python 2 long
            }
            try {
                return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
            } catch (NumberFormatException e) {
                throw error("integer " + digits + " is too large");
            }
        }

        private Object word() {
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return null;
                default:
                    pos = start;
                    throw error("unexpected '" + (word.isEmpty() ? String.valueOf(text.charAt(pos)) : word) + "'");
            }
        }
    }
}
