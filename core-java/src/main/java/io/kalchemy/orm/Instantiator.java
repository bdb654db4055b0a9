package io.kalchemy.orm;

import io.kalchemy.errors.DataError;

import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

/**
 * Creates an entity from the values of its mapped properties (in mapper order, from
 * {@code offset}): through the no-argument constructor, or through a constructor whose parameters
 * are properties. Built once per mapper.
 */
abstract class Instantiator {
    /** A new instance whose constructor-initialized properties are set; the rest are set by the caller. */
    abstract Object create(Object[] values, int offset);

    /** True when property {@code index} is set by the constructor. */
    abstract boolean setByConstructor(int index);

    static Instantiator noArg(Supplier<Object> constructor) {
        return new Instantiator() {
            @Override
            Object create(Object[] values, int offset) {
                return constructor.get();
            }

            @Override
            boolean setByConstructor(int index) {
                return false;
            }
        };
    }

    static Instantiator withArguments(Class<?> type, MethodHandle spread, int[] propertyIndexes, Object[] zeros,
                                      String[] names) {
        boolean[] byCtor = new boolean[64];
        int max = 0;
        for (int p : propertyIndexes) {
            max = Math.max(max, p + 1);
        }
        boolean[] set = new boolean[Math.max(max, byCtor.length)];
        for (int p : propertyIndexes) {
            if (p >= 0) {
                set[p] = true;
            }
        }
        return new Instantiator() {
            @Override
            Object create(Object[] values, int offset) {
                Object[] args = new Object[propertyIndexes.length];
                for (int i = 0; i < args.length; i++) {
                    int p = propertyIndexes[i];
                    Object v = p < 0 ? null : values[offset + p];
                    args[i] = v == null ? zeros[i] : v;
                }
                try {
                    return spread.invokeExact(args);
                } catch (NullPointerException e) {
                    throw new DataError("cannot create " + type.getName() + ": a non-null constructor parameter "
                            + "received NULL from the database (parameters " + String.join(", ", names) + ")", e);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            boolean setByConstructor(int index) {
                return index < set.length && set[index];
            }
        };
    }
}
