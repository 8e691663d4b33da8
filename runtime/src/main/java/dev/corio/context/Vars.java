package dev.corio.context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mapping of a {@link Context}: an immutable map from {@link ContextVar} (by identity) to value, so that
 * a copy of a context costs nothing (share the map) and a {@code set} makes a new map.
 *
 * <p>Kept as one flat array of alternating keys and values, scanned linearly: a program has a handful of
 * context variables, and a scan of a few entries in one array beats any tree (CPython's HAMT pays off from
 * dozens of keys). A {@code set} copies the array, so a context with hundreds of variables would make each
 * {@code set} cost a copy of them all; a HAMT is the lever if that ever matters.
 */
final class Vars {
    /** What {@link #get} answers for a variable without a value here. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    static final Vars EMPTY = new Vars(new Object[0]);

    /** key0, value0, key1, value1, ... in the order the keys were first set. */
    private final Object[] kv;

    private Vars(Object[] kv) {
        this.kv = kv;
    }

    Object get(ContextVar<?> var) {
        Object[] a = kv;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i] == var) {
                return a[i + 1];
            }
        }
        return ABSENT;
    }

    Vars with(ContextVar<?> var, Object value) {
        Object[] a = kv;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i] == var) {
                if (a[i + 1] == value) {
                    return this;
                }
                Object[] b = a.clone();
                b[i + 1] = value;
                return new Vars(b);
            }
        }
        Object[] b = new Object[a.length + 2];
        System.arraycopy(a, 0, b, 0, a.length);
        b[a.length] = var;
        b[a.length + 1] = value;
        return new Vars(b);
    }

    Vars without(ContextVar<?> var) {
        Object[] a = kv;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i] == var) {
                if (a.length == 2) {
                    return EMPTY;
                }
                Object[] b = new Object[a.length - 2];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 2, b, i, a.length - i - 2);
                return new Vars(b);
            }
        }
        return this;
    }

    int size() {
        return kv.length >> 1;
    }

    /** An unmodifiable copy, in the order the variables were first set. */
    Map<ContextVar<?>, Object> toMap() {
        Object[] a = kv;
        LinkedHashMap<ContextVar<?>, Object> m = new LinkedHashMap<>(a.length);
        for (int i = 0; i < a.length; i += 2) {
            m.put((ContextVar<?>) a[i], a[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        Object[] a = kv;
        for (int i = 0; i < a.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(((ContextVar<?>) a[i]).name()).append('=').append(a[i + 1]);
        }
        return sb.append('}').toString();
    }
}
