package io.kalchemy.engine;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.DataError;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Builds read-only result objects (Java records, classes whose constructor takes the columns)
 * from rows: each constructor parameter takes the column of the same name (exact, or its
 * snake_case form), or, when parameter names are not compiled in, the column at the same
 * position. Resolved once per result; each row costs one constructor call.
 */
final class RowConstructor<R> {
    private final Class<R> type;
    private final MethodHandle constructor;
    private final int[] columns;
    private final Object[] zeros;

    private RowConstructor(Class<R> type, MethodHandle constructor, int[] columns, Object[] zeros) {
        this.type = type;
        this.constructor = constructor;
        this.columns = columns;
        this.zeros = zeros;
    }

    static <R> RowConstructor<R> of(Class<R> type, ResultMetadata metadata) {
        Constructor<?> ctor;
        String[] names = null;
        if (type.isRecord()) {
            RecordComponent[] comps = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(comps).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                ctor = type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new ArgumentError("record " + type.getName() + " has no canonical constructor", e);
            }
            names = Arrays.stream(comps).map(RecordComponent::getName).toArray(String[]::new);
        } else {
            ctor = Arrays.stream(type.getDeclaredConstructors()).filter(c -> !c.isSynthetic())
                    .max(Comparator.comparingInt(Constructor::getParameterCount))
                    .orElseThrow(() -> new ArgumentError(type.getName() + " has no constructor to build results with"));
            Parameter[] params = ctor.getParameters();
            if (params.length > 0 && params[0].isNamePresent()) {
                names = Arrays.stream(params).map(Parameter::getName).toArray(String[]::new);
            }
        }
        int n = ctor.getParameterCount();
        int[] columns = new int[n];
        for (int i = 0; i < n; i++) {
            if (names != null) {
                columns[i] = find(metadata, names[i], type);
            } else {
                if (n != metadata.size()) {
                    throw new ArgumentError("cannot build " + type.getName() + " from rows of " + metadata.keys()
                            + ": its constructor takes " + n + " parameters whose names are not compiled in"
                            + " (compile with -parameters / -java-parameters, or use a record)");
                }
                columns[i] = i;
            }
        }
        Object[] zeros = new Object[n];
        Class<?>[] ptypes = ctor.getParameterTypes();
        for (int i = 0; i < n; i++) {
            if (ptypes[i].isPrimitive()) {
                zeros[i] = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(ptypes[i], 1), 0);
            }
        }
        try {
            ctor.setAccessible(true);
            MethodHandle mh = MethodHandles.lookup().unreflectConstructor(ctor).asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RowConstructor<>(type, mh, columns, zeros);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ArgumentError("cannot use the constructor of " + type.getName() + " to build results: " + e.getMessage(), e);
        }
    }

    private static int find(ResultMetadata metadata, String name, Class<?> type) {
        for (String candidate : new String[]{name, snake(name)}) {
            for (int i = 0; i < metadata.size(); i++) {
                if (metadata.key(i).equalsIgnoreCase(candidate)) {
                    return i;
                }
            }
        }
        throw new ArgumentError("cannot build " + type.getName() + ": no result column for its parameter '" + name
                + "'; columns are " + metadata.keys());
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    R create(Row row) {
        Object[] args = new Object[columns.length];
        for (int i = 0; i < args.length; i++) {
            Object v = row.get(columns[i]);
            args[i] = v == null ? zeros[i] : v;
        }
        try {
            return type.cast(constructor.invokeExact(args));
        } catch (ClassCastException | NullPointerException e) {
            throw new DataError("cannot build " + type.getName() + " from row " + row + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
