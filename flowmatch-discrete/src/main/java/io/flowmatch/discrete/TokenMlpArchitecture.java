package io.flowmatch.discrete;

import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a {@link TokenMlp}: sequences of {@code length} tokens from {@code states}
 * symbols, logits over {@code vocabulary} tokens per position, hidden layers of the given widths
 * and activation, time entering the first layer through {@code 1 + 2 timeFrequencies}
 * features (t, sin(k pi t), cos(k pi t) for k = 1..timeFrequencies), and a local skip: the logits
 * of position l also get a learned row W_local[l, d][x_{l+d}] for the tokens within
 * {@code window} positions of it, on each side out to and including the first one that is not
 * the mask token (a revealed token screens off those beyond it). The skip represents exactly the
 * posterior of a Markov chain given its nearest revealed neighbours; the MLP models the rest.
 *
 * <p>Parameter layout, one flat float32 vector of row-major blocks:
 * <pre>
 * input   [length*states + 1 + 2*timeFrequencies + 1, hidden[0]]   one row per (position, symbol), the time
 *                                                                   features' rows, the bias row
 * hidden  [hidden[j-1] + 1, hidden[j]]  for j = 1..                 weights, then the bias row
 * output  [hidden[last] + 1, length*vocabulary]
 * local   [length, 2*window, states, vocabulary]                    offsets d = -window..-1, 1..window
 * </pre>
 * The input block is the first layer applied to the one-hot encoding of every position: each
 * (position, symbol) row is that token's embedding, summed over the positions.
 *
 * @param length          L, at least 1
 * @param vocabulary      V, at least 2
 * @param states          the input alphabet, V or V + 1 (mask token V)
 * @param hidden          hidden layer widths, at least one
 * @param activation      the hidden layers' activation
 * @param timeFrequencies the sine/cosine pairs of the time features, in [0, 64]
 * @param window          the local skip's reach in positions, in [0, 64] (0: no skip)
 */
public record TokenMlpArchitecture(int length, int vocabulary, int states, List<Integer> hidden,
        Activation activation, int timeFrequencies, int window) {

    /** The time frequencies of the built-in recipe. */
    public static final int DEFAULT_TIME_FREQUENCIES = 4;

    /** The local skip's reach of the built-in recipe. */
    public static final int DEFAULT_WINDOW = 2;

    /**
     * @throws IllegalArgumentException for sizes out of range, or more parameters than a Java
     *                                  array holds
     */
    public TokenMlpArchitecture {
        if (length < 1) {
            throw new IllegalArgumentException("sequence length must be positive, got " + length);
        }
        if (vocabulary < 2) {
            throw new IllegalArgumentException("vocabulary must have at least 2 tokens, got " + vocabulary);
        }
        if (states != vocabulary && states != vocabulary + 1) {
            throw new IllegalArgumentException("states must be the vocabulary (" + vocabulary + ") or one more, got " + states);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (timeFrequencies < 0 || timeFrequencies > 64) {
            throw new IllegalArgumentException("time frequencies must be in [0, 64], got " + timeFrequencies);
        }
        if (window < 0 || window > 64) {
            throw new IllegalArgumentException("the local window must be in [0, 64], got " + window);
        }
        hidden = MlpArchitecture.widths(hidden == null ? null : hidden.stream().mapToInt(Integer::intValue).toArray());
        long count = 0;
        long in = (long) length * states + timeFeatures() + 1;
        for (int w : hidden) {
            count += in * w;
            in = w + 1L;
        }
        count += in * ((long) length * vocabulary);
        count += (long) length * 2 * window * states * vocabulary;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the network would have " + count + " parameters, more than fit in one array");
        }
    }

    /** The time features: 1 + 2 timeFrequencies. */
    public int timeFeatures() {
        return 1 + 2 * timeFrequencies;
    }

    /** Rows of the input block: one per (position, symbol), one per time feature, the bias. */
    public int inputRows() {
        return length * states + timeFeatures() + 1;
    }

    /** Logits per sequence, L V. */
    public int outputs() {
        return length * vocabulary;
    }

    /** The number of affine blocks: the input block, the hidden-to-hidden ones, the output. */
    public int blockCount() {
        return hidden.size() + 1;
    }

    /** Rows of block b (its inputs plus the bias row, or {@link #inputRows()} for block 0). */
    public int blockRows(int b) {
        return b == 0 ? inputRows() : hidden.get(b - 1) + 1;
    }

    /** Columns of block b. */
    public int blockColumns(int b) {
        return b < hidden.size() ? hidden.get(b) : outputs();
    }

    /** Where block b starts in the parameter vector. */
    public long blockOffset(int b) {
        long offset = 0;
        for (int i = 0; i < b; i++) {
            offset += (long) blockRows(i) * blockColumns(i);
        }
        return offset;
    }

    /** Where the local skip's block starts: after the affine blocks. */
    public long localOffset() {
        return blockOffset(blockCount());
    }

    /** The local skip's parameters: length * 2 window * states * vocabulary. */
    public int localSize() {
        return length * 2 * window * states * vocabulary;
    }

    /**
     * Where W_local[l, d] starts inside the local block, for an offset 0 &lt; |d| &lt;= window: a
     * [states, vocabulary] table.
     */
    public int localTable(int l, int d) {
        int slot = d < 0 ? d + window : d + window - 1;
        return ((l * 2 * window) + slot) * states * vocabulary;
    }

    /** The number of parameters. */
    public int parameterCount() {
        return Math.toIntExact(localOffset() + localSize());
    }

    /** The single-line text form. */
    public String description() {
        StringBuilder widths = new StringBuilder();
        for (int w : hidden) {
            widths.append(widths.length() > 0 ? "," : "").append(w);
        }
        return String.format(Locale.ROOT, "token-mlp(length=%d, vocabulary=%d, states=%d, hidden=[%s], activation=%s, time_frequencies=%d, window=%d)",
                length, vocabulary, states, widths, activation.name().toLowerCase(Locale.ROOT), timeFrequencies, window);
    }
}
