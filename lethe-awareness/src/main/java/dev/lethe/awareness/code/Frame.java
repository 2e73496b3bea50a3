package dev.lethe.awareness.code;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the scanner knows about a variable inside one function: the columns it holds ({@code null}
 * when they are not known: all the columns of its sources), where its data came from, the columns
 * dropped on the way, and, for an estimator or trainer, its class and framework.
 */
final class Frame {

    Set<String> columns;
    final Set<String> sources = new LinkedHashSet<>();
    final Set<String> dropped = new LinkedHashSet<>();
    String estimator;
    String framework;
    /** For trainers (Hugging Face, DJL) and datasets built from frames: what they will train on. */
    Frame data;

    static Frame source(String source, Set<String> columns) {
        Frame f = new Frame();
        f.sources.add(source);
        f.columns = columns == null ? null : new LinkedHashSet<>(columns);
        return f;
    }

    static Frame estimator(String className, String framework) {
        Frame f = new Frame();
        f.columns = new LinkedHashSet<>();
        f.estimator = className;
        f.framework = framework;
        return f;
    }

    Frame copy() {
        Frame f = new Frame();
        f.columns = columns == null ? null : new LinkedHashSet<>(columns);
        f.sources.addAll(sources);
        f.dropped.addAll(dropped);
        f.estimator = estimator;
        f.framework = framework;
        f.data = data;
        return f;
    }

    /** This frame restricted to the given columns (a selection). */
    Frame select(Set<String> chosen) {
        Frame f = copy();
        f.estimator = null;
        f.columns = new LinkedHashSet<>(chosen);
        return f;
    }

    Frame drop(Set<String> gone) {
        Frame f = copy();
        f.dropped.addAll(gone);
        if (f.columns != null) {
            f.columns.removeAll(gone);
        }
        return f;
    }

    /** This frame with one more column ({@code withColumn}); unknown columns stay unknown. */
    Frame withColumn(String name) {
        Frame f = copy();
        if (f.columns != null && name != null) {
            f.columns.add(name);
        }
        return f;
    }

    /** The union of two frames' data (columns unknown if either's are). */
    static Frame union(Frame a, Frame b) {
        if (a == null) {
            return b == null ? null : b.copy();
        }
        if (b == null) {
            return a.copy();
        }
        Frame f = a.copy();
        f.estimator = null;
        f.framework = null;
        if (a.columns == null && a.sources.isEmpty() && b.columns != null) {
            f.columns = new LinkedHashSet<>(b.columns);
        } else if (f.columns != null && b.columns != null) {
            f.columns.addAll(b.columns);
        } else if (b.columns == null && !b.sources.isEmpty()) {
            f.columns = null;
        }
        f.sources.addAll(b.sources);
        f.dropped.addAll(b.dropped);
        return f;
    }

    boolean holdsData() {
        return estimator == null && (columns == null ? !sources.isEmpty() : !columns.isEmpty() || !sources.isEmpty());
    }
}
