// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Every public accessor of {@link DecodedPacket}, read reflectively so that a new accessor is compared without edits. */
final class Fields {
    private static final Set<String> NOT_FIELDS = Set.of("toString", "hashCode", "getClass", "copy");
    private static final List<Method> ACCESSORS = Arrays.stream(DecodedPacket.class.getMethods())
            .filter(m -> m.getParameterCount() == 0 && m.getReturnType() != void.class)
            .filter(m -> !Modifier.isStatic(m.getModifiers()) && !NOT_FIELDS.contains(m.getName()))
            .sorted(Comparator.comparing(Method::getName))
            .toList();

    private Fields() {
    }

    static Map<String, Object> of(DecodedPacket packet) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Method accessor : ACCESSORS) {
            fields.put(accessor.getName(), read(accessor, packet));
        }
        return fields;
    }

    /** The accessors whose values differ, as {@code name: expected != actual}; empty when all agree. */
    static String differences(DecodedPacket expected, DecodedPacket actual, Set<String> ignored) {
        StringBuilder text = new StringBuilder();
        for (Method accessor : ACCESSORS) {
            if (ignored.contains(accessor.getName())) {
                continue;
            }
            Object want = read(accessor, expected);
            Object got = read(accessor, actual);
            if (!Objects.equals(want, got)) {
                text.append(accessor.getName()).append(": ").append(want).append(" != ").append(got).append("; ");
            }
        }
        return text.toString();
    }

    private static Object read(Method accessor, DecodedPacket packet) {
        try {
            return accessor.invoke(packet);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + accessor.getName(), e);
        }
    }
}
