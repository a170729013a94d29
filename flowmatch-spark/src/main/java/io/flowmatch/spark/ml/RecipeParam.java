package io.flowmatch.spark.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.runtime.AbstractFunction1;

/**
 * A Spark ML {@link Param} that stands for one key of a recipe's text form
 * ({@link io.flowmatch.core.Recipe#toMap()}, {@link io.flowmatch.tabular.TabularRecipe#toMap()}):
 * its value is written as that key's text and read by the recipe's own parser, so that a Param
 * accepts exactly what the recipe accepts, checks it with the recipe's checks when it is set,
 * and takes its default from the recipe's defaults. Adding a recipe setting to Spark ML is one
 * line in a Params interface's list.
 */
final class RecipeParam implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How a Param's value is typed in Spark and written in the recipe's text. */
    enum Kind {
        /** {@link IntParam}. */
        INT,
        /** {@link LongParam}. */
        LONG,
        /** {@link DoubleParam}, written in Java's shortest round-tripping form. */
        DOUBLE,
        /** {@link BooleanParam}. */
        BOOLEAN,
        /** {@code Param<String>}: a plug-in part by the text its factory's {@code parse} reads. */
        TEXT,
        /** {@link IntArrayParam}: widths written {@code 64,64,64}. */
        WIDTHS,
        /** {@code Param<String>}: a column name, percent-escaped in the text as a tabular recipe writes names. */
        NAME
    }

    private final String name;
    private final String key;
    private final Kind kind;
    private final String doc;
    private final Check own;

    private RecipeParam(String name, String key, Kind kind, String doc, Check own) {
        this.name = name;
        this.key = key;
        this.kind = kind;
        this.doc = doc;
        this.own = own;
    }

    /** The Param {@code name} for the recipe's key {@code key}, checked by the recipe's parser. */
    static RecipeParam of(String name, String key, Kind kind, String doc) {
        return new RecipeParam(name, key, kind, doc, null);
    }

    /**
     * A Param that is not part of the recipe (how a Spark stage works with it), checked by
     * {@code check} instead; {@link #recipeText} leaves it out.
     */
    static RecipeParam own(String name, Kind kind, String doc, Check check) {
        return new RecipeParam(name, null, kind, doc, check);
    }

    String name() {
        return name;
    }

    String key() {
        return key;
    }

    /**
     * The Param of {@code owner}, checked on every set by {@code check} (the recipe's parser
     * applied to the value's text, which throws {@link IllegalArgumentException} naming the
     * problem).
     */
    Param<?> param(Params owner, Check recipeCheck) {
        Check check = own != null ? own : recipeCheck;
        Valid<Object> valid = new Valid<>(this, check);
        String uid = owner.uid();
        return switch (kind) {
            case INT -> new IntParam(uid, name, doc, valid);
            case LONG -> new LongParam(uid, name, doc, valid);
            case DOUBLE -> new DoubleParam(uid, name, doc, valid);
            case BOOLEAN -> new BooleanParam(uid, name, doc);
            case TEXT, NAME -> new Param<String>(uid, name, doc, new Valid<>(this, check));
            case WIDTHS -> new IntArrayParam(owner, name, doc, new Valid<>(this, check));
        };
    }

    /** The value's text under the recipe's key. */
    String text(Object value) {
        return switch (kind) {
            case INT, LONG, BOOLEAN, TEXT -> String.valueOf(value);
            case DOUBLE -> Double.toString(((Number) value).doubleValue());
            case NAME -> escape((String) value);
            case WIDTHS -> {
                StringBuilder s = new StringBuilder();
                for (int w : (int[]) value) {
                    s.append(s.length() > 0 ? "," : "").append(w);
                }
                yield s.toString();
            }
        };
    }

    /** The typed value of a recipe's text (for the defaults). */
    Object value(String text) {
        String t = text.trim();
        return switch (kind) {
            case INT -> Integer.parseInt(t);
            case LONG -> Long.parseLong(t);
            case DOUBLE -> Double.parseDouble(t);
            case BOOLEAN -> Boolean.parseBoolean(t);
            case TEXT -> text;
            case NAME -> text.replace("%2C", ",").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
            case WIDTHS -> {
                String[] parts = t.split(",");
                int[] widths = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    widths[i] = Integer.parseInt(parts[i].trim());
                }
                yield widths;
            }
        };
    }

    /** As the tabular recipe writes a column name: {@code %}, comma and line breaks percent-escaped. */
    private static String escape(String s) {
        return s.replace("%", "%25").replace(",", "%2C").replace("\n", "%0A").replace("\r", "%0D");
    }

    /**
     * The recipe text of every Param of {@code specs} that has a value (set or default) on
     * {@code owner}, keyed by the recipe's keys, in the order of {@code specs}.
     */
    static Map<String, String> recipeText(Params owner, List<RecipeParam> specs) {
        Map<String, String> text = new LinkedHashMap<>();
        for (RecipeParam spec : specs) {
            if (spec.key == null) {
                continue;
            }
            Param<Object> p = owner.getParam(spec.name);
            if (owner.isDefined(p)) {
                text.put(spec.key, spec.text(owner.getOrDefault(p)));
            }
        }
        return text;
    }

    /**
     * Sets each Param's default to the value of its key in {@code defaults} (a default recipe's
     * text form; a Param outside the recipe by its own name).
     */
    static void setDefaults(Params owner, List<RecipeParam> specs, Map<String, String> defaults) {
        for (RecipeParam spec : specs) {
            String text = defaults.get(spec.key != null ? spec.key : spec.name);
            if (text != null) {
                Param<Object> p = owner.getParam(spec.name);
                owner.setDefault(p, spec.value(text));
            }
        }
    }

    /** The names of {@code specs}. */
    static List<String> names(List<RecipeParam> specs) {
        List<String> names = new ArrayList<>(specs.size());
        for (RecipeParam s : specs) {
            names.add(s.name);
        }
        return names;
    }

    /** Reads one key's text as the recipe would; throws {@link IllegalArgumentException} naming the problem. */
    interface Check extends Serializable {
        void check(String key, String text);
    }

    /** A Param's validator: the recipe's parser applied to the value's text. */
    private static final class Valid<T> extends AbstractFunction1<T, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final RecipeParam spec;
        private final Check check;

        Valid(RecipeParam spec, Check check) {
            this.spec = spec;
            this.check = check;
        }

        @Override
        public Object apply(T value) {
            if (value == null) {
                throw new IllegalArgumentException("param " + spec.name + " must not be null");
            }
            try {
                check.check(spec.key != null ? spec.key : spec.name, spec.text(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("param " + spec.name + ": " + e.getMessage(), e);
            }
            return Boolean.TRUE;
        }
    }

}
