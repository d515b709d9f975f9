// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Copying {@link DecodedPacket}'s fields, made once from the fields themselves (every instance
 * field), so that no list of fields is kept by hand. Each copy is a balanced tree of method
 * handles held in a static final field, which the JIT treats as a constant; it is used off the
 * per-packet path ({@link DecodedPacket#copy()}) and for tunnelled packets whose outermost layers
 * are kept.
 */
final class FieldHandles {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType TWO = MethodType.methodType(void.class, DecodedPacket.class, DecodedPacket.class);

    /** (from, to): every field. */
    private static final MethodHandle COPY = copying(field -> true);
    /** (from, to): the fields a tunnel's packet replaces. */
    private static final MethodHandle COPY_LINK_AND_INNER = copying(FieldHandles::linkOrInner);

    private FieldHandles() {
    }

    static void copy(DecodedPacket from, DecodedPacket to) {
        try {
            COPY.invokeExact(from, to);
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    /** Copies the fields a tunnel's packet replaces (Ethernet header, IP, ARP, transport). */
    static void copyLinkAndInner(DecodedPacket from, DecodedPacket to) {
        try {
            COPY_LINK_AND_INNER.invokeExact(from, to);
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    private static boolean linkOrInner(Field field) {
        return field.isAnnotationPresent(Link.class) || field.isAnnotationPresent(Inner.class);
    }

    private static MethodHandle copying(Predicate<Field> which) {
        List<MethodHandle> steps = new ArrayList<>();
        for (Field field : fields(which)) {
            try {
                // (to, from): to.field = from.field; then swapped to (from, to).
                MethodHandle assign = MethodHandles.filterArguments(LOOKUP.unreflectSetter(field), 1,
                        LOOKUP.unreflectGetter(field));
                steps.add(MethodHandles.permuteArguments(assign, TWO, 1, 0));
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        return sequence(steps, TWO);
    }

    private static List<Field> fields(Predicate<Field> which) {
        List<Field> fields = new ArrayList<>();
        for (Field field : DecodedPacket.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && which.test(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** The steps run one after another, as one handle of {@code type}: a balanced tree of folds. */
    private static MethodHandle sequence(List<MethodHandle> steps, MethodType type) {
        if (steps.isEmpty()) {
            return MethodHandles.empty(type);
        }
        if (steps.size() == 1) {
            return steps.getFirst();
        }
        int half = steps.size() / 2;
        return MethodHandles.foldArguments(sequence(steps.subList(half, steps.size()), type),
                sequence(steps.subList(0, half), type));
    }

    private static RuntimeException failed(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
